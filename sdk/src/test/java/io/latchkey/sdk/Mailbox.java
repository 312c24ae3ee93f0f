package io.latchkey.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads magic-link tokens from the server's dev mailbox, as a user would click them. Mail goes
 * out through an outbox, so this polls (with a generous deadline; never a timing assertion).
 */
final class Mailbox {
    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_\\-]+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Mailbox() {}

    /** The token of the {@code nth} newest link mailed to {@code email} (1 = newest). */
    static String awaitToken(String baseUrl, String email, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            JsonNode messages = messages(baseUrl, email);
            int seen = 0;
            for (JsonNode m : messages) {
                Matcher matcher = TOKEN.matcher(m.path("text").asText());
                if (m.path("to").asText().equalsIgnoreCase(email) && matcher.find() && ++seen == count) {
                    return matcher.group(1);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(count + " link(s) to " + email + " expected; mailbox: " + messages);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String awaitToken(String baseUrl, String email) {
        return awaitToken(baseUrl, email, 1);
    }

    private static JsonNode messages(String baseUrl, String email) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/dev/mailbox/messages?to="
                                    + URLEncoder.encode(email, StandardCharsets.UTF_8)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return SdkJson.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
