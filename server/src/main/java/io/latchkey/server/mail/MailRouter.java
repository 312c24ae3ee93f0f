package io.latchkey.server.mail;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Hands each message to the transport of its kind: email to one mailer, SMS to another. A kind
 * without a transport is not claimed from the outbox (see {@link Mailer#kinds()}), so it waits
 * there rather than failing. Thread-safe when both mailers are.
 */
public final class MailRouter implements Mailer {
    private final Mailer email;
    private final Mailer sms;
    private final Set<String> kinds;

    private MailRouter(Mailer email, Mailer sms) {
        this.email = email;
        this.sms = sms;
        Set<String> k = new LinkedHashSet<>();
        if (email != null) {
            k.add(MailMessage.EMAIL);
        }
        if (sms != null) {
            k.add(MailMessage.SMS);
        }
        this.kinds = Set.copyOf(k);
    }

    /**
     * A router over the transports that exist; null when there is none (nothing can be sent, the
     * outbox keeps everything).
     *
     * @param email delivers email, or null
     * @param sms delivers SMS, or null
     */
    public static Mailer of(Mailer email, Mailer sms) {
        return email == null && sms == null ? null : new MailRouter(email, sms);
    }

    @Override
    public Set<String> kinds() {
        return kinds;
    }

    @Override
    public void send(String messageId, MailMessage message) throws MailDeliveryException {
        Mailer target = MailMessage.SMS.equals(message.kind()) ? sms : email;
        if (target == null) {
            // Not claimed in the first place (kinds()); a retry helps once a transport is configured.
            throw new MailDeliveryException("no transport is configured for " + message.kind() + " messages", false);
        }
        target.send(messageId, message);
    }

    /** Opens a connection of a transport only when a message of its kind comes. */
    @Override
    public Connection connect() {
        return new Connection() {
            private Connection emailConnection;
            private Connection smsConnection;

            @Override
            public void send(String messageId, MailMessage message) throws MailDeliveryException {
                boolean isSms = MailMessage.SMS.equals(message.kind());
                Mailer target = isSms ? sms : email;
                if (target == null) {
                    MailRouter.this.send(messageId, message);
                    return;
                }
                if (isSms) {
                    if (smsConnection == null) {
                        smsConnection = target.connect();
                    }
                    smsConnection.send(messageId, message);
                } else {
                    if (emailConnection == null) {
                        emailConnection = target.connect();
                    }
                    emailConnection.send(messageId, message);
                }
            }

            @Override
            public void close() {
                if (emailConnection != null) {
                    emailConnection.close();
                }
                if (smsConnection != null) {
                    smsConnection.close();
                }
            }
        };
    }
}
