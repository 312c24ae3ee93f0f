package io.latchkey.server.sms;

import io.latchkey.server.mail.MailDeliveryException;
import io.latchkey.server.mail.MailMessage;
import io.latchkey.server.mail.Mailer;
import java.util.Set;

/** Lets the outbox sender deliver SMS rows through an {@link SmsSender}. Thread-safe. */
public final class SmsMailer implements Mailer {
    private final SmsSender sender;

    public SmsMailer(SmsSender sender) {
        this.sender = sender;
    }

    @Override
    public Set<String> kinds() {
        return Set.of(MailMessage.SMS);
    }

    @Override
    public void send(String messageId, MailMessage message) throws MailDeliveryException {
        if (!MailMessage.SMS.equals(message.kind())) {
            throw new MailDeliveryException("not an SMS message", true);
        }
        sender.send(messageId, message.to(), message.text());
    }
}
