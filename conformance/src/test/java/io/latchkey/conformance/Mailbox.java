package io.latchkey.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a test reads the mail the server sent, as the person at the other end would: the dev
 * mailbox of a dev-mode server, or the SMTP server a production-mode server delivers to. Reading
 * mail is not an API call, so it is the one thing these suites do without an SDK.
 */
interface Mailbox {
    /** A message as the recipient sees it. */
    record Message(String to, String subject, String text) {}

    /** How long a message may take to arrive; a safety net, not a timing assertion. */
    Duration DELIVERY_DEADLINE = Duration.ofSeconds(30);

    Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+stytch_token_type=[^\\s\"'<>]+");

    /** The messages that reached {@code email} so far, newest first. */
    List<Message> messagesTo(String email);

    /**
     * The newest {@code count} messages to {@code email}, newest first, waiting until that many
     * have arrived (delivery through SMTP happens after the API call returns).
     */
    default List<Message> awaitMessages(String email, int count) {
        long deadline = System.nanoTime() + DELIVERY_DEADLINE.toNanos();
        while (true) {
            List<Message> messages = messagesTo(email);
            if (messages.size() >= count) {
                return messages.subList(0, count);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "expected " + count + " message(s) to " + email + " but found " + messages.size());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for mail to " + email, e);
            }
        }
    }

    /** The link in the newest message to {@code email}, once one has arrived. */
    default String awaitLink(String email) {
        return awaitLink(email, 1);
    }

    /**
     * The link in the newest message to {@code email}, once {@code messages} messages (all a test
     * expects {@code email} to have received so far) have arrived: with SMTP, a second message may
     * still be on its way when the first is already there.
     */
    default String awaitLink(String email, int messages) {
        return linkIn(awaitMessages(email, messages).get(0));
    }

    /** The magic link in a message's text. */
    static String linkIn(Message message) {
        Matcher matcher = LINK.matcher(message.text());
        if (!matcher.find()) {
            throw new AssertionError("no magic link in the message to " + message.to() + ":\n" + message.text());
        }
        return matcher.group();
    }

    /** A query parameter of a link, decoded; fails when it is missing. */
    static String queryParam(String link, String name) {
        String query = URI.create(link).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + name + " in " + link);
    }

    /** The dev mailbox of a dev-mode server: {@code GET /dev/mailbox/messages?to=…} (JSON, newest first). */
    static Mailbox devMailbox(String baseUrl) {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        return email -> {
            URI uri = URI.create(
                    baseUrl + "/dev/mailbox/messages?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
            try {
                HttpResponse<String> response =
                        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AssertionError("dev mailbox answered " + response.statusCode() + ": " + response.body());
                }
                List<Message> messages = new ArrayList<>();
                for (JsonNode m : json.readTree(response.body())) {
                    messages.add(new Message(
                            m.path("to").asText(),
                            m.path("subject").asText(),
                            m.path("text").asText()));
                }
                return messages;
            } catch (IOException e) {
                throw new AssertionError("could not read the dev mailbox at " + uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted reading the dev mailbox", e);
            }
        };
    }
}
