package io.latchkey.server.mail;

/**
 * Delivery in dev mode: the message already sits in the outbox with its body kept, which is
 * what the dev mailbox shows, so capturing it needs nothing more. When SMTP is configured too,
 * email also goes out through it, so a developer can try a real inbox. Thread-safe.
 */
public final class DevMailboxMailer implements Mailer {
    private final Mailer smtp;

    /** @param smtp the SMTP mailer, or null when dev mail stays in the dev mailbox only */
    public DevMailboxMailer(Mailer smtp) {
        this.smtp = smtp;
    }

    @Override
    public void send(String messageId, MailMessage message) throws MailDeliveryException {
        if (smtp != null && MailMessage.EMAIL.equals(message.kind())) {
            smtp.send(messageId, message);
        }
    }

    @Override
    public Connection connect() {
        if (smtp == null) {
            return Mailer.super.connect();
        }
        Connection connection = smtp.connect();
        return new Connection() {
            @Override
            public void send(String messageId, MailMessage message) throws MailDeliveryException {
                if (MailMessage.EMAIL.equals(message.kind())) {
                    connection.send(messageId, message);
                }
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
