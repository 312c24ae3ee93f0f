package io.latchkey.server.mail;

import java.util.Objects;

/**
 * One message for the outbox: an email today, an SMS later (same outbox, same dev mailbox).
 * Immutable.
 *
 * @param kind {@link #EMAIL} or {@link #SMS}
 * @param to the recipient: an email address, or a phone number for SMS; never blank
 * @param subject the subject line; empty for SMS, never null
 * @param text the plain-text body; never null
 * @param html the HTML body, or null for a text-only message
 */
public record MailMessage(String kind, String to, String subject, String text, String html) {
    public static final String EMAIL = "email";
    public static final String SMS = "sms";

    public MailMessage {
        if (!EMAIL.equals(kind) && !SMS.equals(kind)) {
            throw new IllegalArgumentException("kind must be email or sms");
        }
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("a message needs a recipient");
        }
        // A line break in a recipient or subject would let a value inject mail headers.
        if (hasLineBreak(to)) {
            throw new IllegalArgumentException("the recipient must be one line");
        }
        subject = Objects.requireNonNullElse(subject, "");
        if (hasLineBreak(subject)) {
            throw new IllegalArgumentException("the subject must be one line");
        }
        Objects.requireNonNull(text, "text");
    }

    /** An email with the rendered parts of a template. */
    public static MailMessage email(String to, MailContent content) {
        return new MailMessage(EMAIL, to, content.subject(), content.text(), content.html());
    }

    /** An SMS: a recipient and a text, nothing else. */
    public static MailMessage sms(String to, String text) {
        return new MailMessage(SMS, to, "", text, null);
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }
}
