package io.latchkey.conformance;

import io.latchkey.server.testing.DevMailbox;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a test reads the mail the server sent, as the person at the other end would: the dev
 * mailbox of a dev-mode server, or the SMTP server a production-mode server delivers to. Reading
 * mail is not an API call, so it is the one thing these suites do without an SDK. The waiting
 * and the dev mailbox's reading are the server tests' own ({@link DevMailbox}); what this adds is
 * the SMTP side ({@link SmtpServer}), which only these suites have.
 */
interface Mailbox {
    /** A message as the recipient sees it. */
    record Message(String to, String subject, String text) {}

    Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+stytch_token_type=[^\\s\"'<>]+");

    /** The messages that reached {@code email} so far, newest first. */
    List<Message> messagesTo(String email);

    /**
     * The newest {@code count} messages to {@code email}, newest first, waiting until that many
     * have arrived (delivery through SMTP happens after the API call returns).
     */
    default List<Message> awaitMessages(String email, int count) {
        AtomicReference<List<Message>> seen = new AtomicReference<>(List.of());
        DevMailbox.until(
                () -> count + " message(s) to " + email + " (found "
                        + seen.get().size() + ")",
                () -> {
                    seen.set(messagesTo(email));
                    return seen.get().size() >= count;
                });
        return seen.get().subList(0, count);
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
        DevMailbox dev = new DevMailbox(baseUrl);
        return email -> dev.messagesTo(email).stream()
                .map(m -> new Message(m.to(), m.subject(), m.text()))
                .toList();
    }
}
