package io.latchkey.server.mail;

import java.time.Instant;

/**
 * One outbox row as the store reads it. {@code sealedBody} is null once production has erased
 * it; {@code sentAt} is null until sent.
 */
record OutboxRow(
        String messageId,
        String projectId,
        String kind,
        String recipient,
        byte[] sealedBody,
        String status,
        int attempts,
        Instant createdAt,
        Instant sentAt) {
    static final String QUEUED = "queued";
    static final String SENT = "sent";
    static final String FAILED = "failed";
}
