package io.latchkey.server.mail;

/**
 * Hands one message to whatever delivers it (an SMTP relay, the dev mailbox). Called only by
 * the {@link OutboxSender}, one message at a time, outside any database transaction.
 * Implementations must be thread-safe.
 */
public interface Mailer {
  /**
   * Delivers {@code message}.
   *
   * @param messageId the outbox id, the same on every retry, so a receiving server can tell a
   *     retried message from a new one
   * @throws MailDeliveryException when it was not delivered; {@link
   *     MailDeliveryException#permanent()} says whether a retry could help
   */
  void send(String messageId, MailMessage message) throws MailDeliveryException;
}
