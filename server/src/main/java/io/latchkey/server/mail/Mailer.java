package io.latchkey.server.mail;

import java.util.Set;

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

  /**
   * The message kinds ({@link MailMessage#EMAIL}, {@link MailMessage#SMS}) this mailer
   * delivers. The sender claims only these, so a kind without a transport waits in the outbox
   * (for a transport configured later) instead of failing.
   */
  default Set<String> kinds() {
    return Set.of(MailMessage.EMAIL);
  }
}
