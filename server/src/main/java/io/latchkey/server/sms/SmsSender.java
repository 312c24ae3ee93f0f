package io.latchkey.server.sms;

import io.latchkey.server.mail.MailDeliveryException;

/**
 * Delivers one text message. Features never call this: they queue an SMS in the mail outbox in
 * their own transaction ({@code MailService.queue} with {@code MailMessage.sms}), and the outbox
 * sender hands it here through {@link SmsMailer}, retrying on failure, so a provider outage
 * delays a message but never loses it. Implementations must be thread-safe.
 */
public interface SmsSender {
    /**
     * Sends {@code text} to {@code to}.
     *
     * @param messageId the outbox id, the same on every retry of this message
     * @param to the recipient in E.164
     * @throws MailDeliveryException when it was not sent; {@link MailDeliveryException#permanent()}
     *     says whether a retry could help. Its message never contains the text.
     */
    void send(String messageId, String to, String text) throws MailDeliveryException;
}
