package io.latchkey.server.mail;

import java.util.Objects;

/**
 * The rendered parts of a message template, before it is addressed. Immutable.
 *
 * @param subject one line, never null
 * @param text plain-text body, never null
 * @param html HTML body, or null when the template has no HTML part
 */
public record MailContent(String subject, String text, String html) {
    public MailContent {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
