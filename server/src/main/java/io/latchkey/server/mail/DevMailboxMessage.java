package io.latchkey.server.mail;

/**
 * A message as the dev mailbox shows it (JSON at {@code /dev/mailbox/messages}). {@code html}
 * is null for a text-only message, {@code sentAt} until delivered; times are RFC 3339.
 */
public record DevMailboxMessage(
        String id,
        String projectId,
        String kind,
        String to,
        String subject,
        String text,
        String html,
        String status,
        String createdAt,
        String sentAt) {}
