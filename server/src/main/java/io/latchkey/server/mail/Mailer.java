package io.latchkey.server.mail;

import java.util.Set;

/**
 * Hands messages to whatever delivers them (an SMTP relay, an SMS provider, the dev mailbox).
 * Called only by the {@link OutboxSender}, outside any database transaction: each of its
 * workers opens one {@link Connection} and sends message after message through it.
 * Implementations must be thread-safe.
 */
public interface Mailer {
    /**
     * Delivers {@code message} on a connection of its own.
     *
     * @param messageId the outbox id, the same on every retry, so a receiving server can tell
     *     a retried message from a new one
     * @throws MailDeliveryException when it was not delivered; {@link
     *     MailDeliveryException#permanent()} says whether a retry could help
     */
    void send(String messageId, MailMessage message) throws MailDeliveryException;

    /**
     * A connection for one worker to send many messages through. A mailer with nothing worth
     * keeping open between messages (an HTTP provider whose client pools by itself) needs no
     * more than this default, which sends each message with {@link #send}.
     */
    default Connection connect() {
        return new Connection() {
            @Override
            public void send(String messageId, MailMessage message) throws MailDeliveryException {
                Mailer.this.send(messageId, message);
            }

            @Override
            public void close() {}
        };
    }

    /**
     * The message kinds ({@link MailMessage#EMAIL}, {@link MailMessage#SMS}) this mailer
     * delivers. The sender claims only these, so a kind without a transport waits in the outbox
     * (for a transport configured later) instead of failing.
     */
    default Set<String> kinds() {
        return Set.of(MailMessage.EMAIL);
    }

    /**
     * What one worker sends through, one message at a time: not thread-safe. It may hold a
     * connection to a server open between messages and opens it again as needed; {@link #close()}
     * lets go of it (the next send opens a new one).
     */
    interface Connection extends AutoCloseable {
        /** Delivers {@code message}; the same contract as {@link Mailer#send}. */
        void send(String messageId, MailMessage message) throws MailDeliveryException;

        /** Closes whatever is open; quiet, and safe to call again. */
        @Override
        void close();
    }
}
