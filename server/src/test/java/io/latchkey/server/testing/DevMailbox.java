package io.latchkey.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev mailbox as the tests read it, and the one way they wait for mail, a code or any other
 * condition: poll, with a generous deadline, never a timing assertion. Mail leaves through the
 * outbox after the request that queued it answered, so a test always waits for it.
 */
public final class DevMailbox {
    /** How long a wait lasts before it fails the test: generous, for a loaded machine. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final ApiClient api;

    /** Reads through {@code api}'s server; the dev mailbox takes no credentials. */
    public DevMailbox(ApiClient api) {
        this.api = api.as(null, null);
    }

    /**
     * For each message to {@code to} (of {@code kind}, "email" or "sms", or any kind when null),
     * newest first, what {@code pattern} finds in its text (its group 1 when it has one); waits
     * until there are at least {@code count} and answers the newest {@code count}.
     */
    public List<String> await(String to, String kind, Pattern pattern, int count) {
        List<String> found = new ArrayList<>();
        String[] lastSeen = {""};
        until(
                () -> "at least " + count + " messages to " + to + " matching " + pattern + "; mailbox: " + lastSeen[0],
                () -> {
                    ApiResponse r =
                            api.get("/dev/mailbox/messages?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
                    lastSeen[0] = r.rawBody();
                    found.clear();
                    for (JsonNode m : r.body()) {
                        if (!m.path("to").asText().equalsIgnoreCase(to)
                                || kind != null && !m.path("kind").asText().equals(kind)) {
                            continue;
                        }
                        Matcher matcher = pattern.matcher(m.path("text").asText());
                        if (matcher.find()) {
                            found.add(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
                        }
                    }
                    return found.size() >= count;
                });
        return List.copyOf(found.subList(0, count));
    }

    /** Polls {@code condition} until it holds; fails the test with {@code what} after {@link #WAIT}. */
    public static void until(String what, BooleanSupplier condition) {
        until(() -> what, condition);
    }

    private static void until(java.util.function.Supplier<String> what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get(), e);
            }
        }
    }
}
