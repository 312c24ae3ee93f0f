package io.latchkey.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev mailbox as the tests read it, and the one way they wait for mail, a code or any other
 * condition: poll, with a generous deadline, never a timing assertion. Mail leaves through the
 * outbox after the request that queued it answered, so a test always waits for it. The SDK,
 * example and conformance tests use it too (through this module's test jar).
 */
public final class DevMailbox {
    /** How long a wait lasts before it fails the test: generous, for a loaded machine. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    /** A message as the dev mailbox lists it: {@code kind} is "email" or "sms". */
    public record Message(String to, String kind, String subject, String text) {}

    private final ApiClient api;

    /** Reads through {@code api}'s server; the dev mailbox takes no credentials. */
    public DevMailbox(ApiClient api) {
        this.api = api.as(null, null);
    }

    /** Reads the dev mailbox of the server at {@code baseUrl}. */
    public DevMailbox(String baseUrl) {
        this(new ApiClient(baseUrl, null, null));
    }

    /** The messages the server's {@code ?to=} filter finds for {@code to} now, newest first; no waiting. */
    public List<Message> messagesTo(String to) {
        ApiResponse r = api.get("/dev/mailbox/messages?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
        if (r.status() != 200) {
            throw new AssertionError("dev mailbox answered " + r);
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : r.body()) {
            messages.add(new Message(
                    m.path("to").asText(),
                    m.path("kind").asText(),
                    m.path("subject").asText(),
                    m.path("text").asText()));
        }
        return messages;
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
                    List<Message> messages = messagesTo(to);
                    lastSeen[0] = messages.toString();
                    found.clear();
                    for (Message m : messages) {
                        if (!m.to().equalsIgnoreCase(to)
                                || kind != null && !m.kind().equals(kind)) {
                            continue;
                        }
                        Matcher matcher = pattern.matcher(m.text());
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

    /** {@link #until(String, BooleanSupplier)} with a description built when the wait fails. */
    public static void until(Supplier<String> what, BooleanSupplier condition) {
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
