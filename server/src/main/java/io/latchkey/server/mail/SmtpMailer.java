package io.latchkey.server.mail;

import io.latchkey.server.config.SettingsException;
import io.latchkey.server.config.SmtpSettings;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Sends email through an SMTP server (Jakarta Mail on Angus), over connections that each outbox
 * worker keeps open from one message to the next (see {@link #connect()}). An
 * email with an HTML body goes out as multipart/alternative (plain text first, as RFC 2046
 * orders them); its Message-ID is derived from the outbox id, so a retried message keeps it.
 * Thread-safe.
 */
public final class SmtpMailer implements Mailer {
    // Bounded so one dead server cannot hold a message (and its lease) for long.
    private static final String CONNECT_TIMEOUT_MILLIS = "10000";
    private static final String IO_TIMEOUT_MILLIS = "30000";
    // Below the per-connection caps relays commonly set (often 100), so none has to cut us off.
    static final int MESSAGES_PER_CONNECTION = 50;

    private final Session session;
    private final InternetAddress from;
    private final String username;
    private final String password;
    private final String messageIdDomain;
    private final Clock clock;

    /** @throws SettingsException when LATCHKEY_SMTP_FROM is not an address */
    public SmtpMailer(SmtpSettings settings, Clock clock) {
        this.clock = clock;
        try {
            this.from = new InternetAddress(settings.from(), true);
        } catch (AddressException e) {
            throw new SettingsException("LATCHKEY_SMTP_FROM is not a valid email address");
        }
        boolean auth = settings.username() != null && !settings.username().isBlank();
        this.username = auth ? settings.username() : null;
        this.password = auth ? settings.password() : null;
        String address = from.getAddress();
        this.messageIdDomain = address.substring(address.lastIndexOf('@') + 1);

        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.connectiontimeout", CONNECT_TIMEOUT_MILLIS);
        p.setProperty("mail.smtp.timeout", IO_TIMEOUT_MILLIS);
        p.setProperty("mail.smtp.writetimeout", IO_TIMEOUT_MILLIS);
        p.setProperty("mail.smtp.auth", Boolean.toString(auth));
        switch (settings.security()) {
            case "tls" -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case "starttls" -> {
                // Required, not opportunistic: credentials and magic links never cross in clear text.
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            default -> p.setProperty("mail.smtp.starttls.enable", "false");
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public void send(String messageId, MailMessage message) throws MailDeliveryException {
        try (Connection connection = connect()) {
            connection.send(messageId, message);
        }
    }

    /**
     * A connection that stays open between messages: opened at the first send, closed after
     * {@link #MESSAGES_PER_CONNECTION} messages (relays cap what one connection may carry), when
     * a send fails (its state is unknown then), and on {@link Connection#close()}.
     */
    @Override
    public Connection connect() {
        return new SmtpConnection();
    }

    private MimeMessage mime(String messageId, MailMessage message) throws MailDeliveryException {
        if (!MailMessage.EMAIL.equals(message.kind())) {
            throw new MailDeliveryException("no transport for " + message.kind() + " messages", true);
        }
        InternetAddress to;
        try {
            to = new InternetAddress(message.to(), true);
        } catch (AddressException e) {
            throw new MailDeliveryException("the recipient is not a valid email address", true);
        }
        try {
            MimeMessage mime = new StableIdMessage(session, "<" + messageId + "@" + messageIdDomain + ">");
            mime.setFrom(from);
            mime.setRecipient(Message.RecipientType.TO, to);
            mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            mime.setSentDate(Date.from(clock.instant()));
            if (message.html() == null) {
                mime.setText(message.text(), StandardCharsets.UTF_8.name());
            } else {
                MimeBodyPart text = new MimeBodyPart();
                text.setText(message.text(), StandardCharsets.UTF_8.name());
                MimeBodyPart html = new MimeBodyPart();
                html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
                MimeMultipart alternative = new MimeMultipart("alternative");
                alternative.addBodyPart(text);
                alternative.addBodyPart(html);
                mime.setContent(alternative);
            }
            mime.saveChanges();
            return mime;
        } catch (MessagingException e) {
            throw new MailDeliveryException(summarize(e), isPermanent(e));
        } catch (RuntimeException e) {
            throw new MailDeliveryException("unexpected " + e.getClass().getName(), false);
        }
    }

    /** One worker's SMTP connection. Not thread-safe, as {@link Connection} allows. */
    private final class SmtpConnection implements Connection {
        private Transport transport; // null while closed
        private int sentOnThis;

        @Override
        public void send(String messageId, MailMessage message) throws MailDeliveryException {
            MimeMessage mime = mime(messageId, message);
            boolean reused = transport != null;
            try {
                try {
                    deliver(mime);
                } catch (MessagingException e) {
                    close();
                    // A kept connection the server has dropped meanwhile (idle timeout, restart) fails
                    // before the server takes the message: one more try on a fresh connection, which
                    // is what a new connection per message would have done in the first place.
                    if (!reused || !droppedConnection(e)) {
                        throw e;
                    }
                    deliver(mime);
                }
            } catch (MessagingException e) {
                close();
                throw new MailDeliveryException(summarize(e), isPermanent(e));
            } catch (RuntimeException e) {
                close();
                throw new MailDeliveryException("unexpected " + e.getClass().getName(), false);
            }
            if (++sentOnThis >= MESSAGES_PER_CONNECTION) {
                close();
            }
        }

        private void deliver(MimeMessage mime) throws MessagingException {
            if (transport == null) {
                Transport t = session.getTransport();
                if (username != null) {
                    t.connect(username, password);
                } else {
                    t.connect();
                }
                transport = t;
                sentOnThis = 0;
            }
            transport.sendMessage(mime, mime.getAllRecipients());
        }

        @Override
        public void close() {
            Transport t = transport;
            transport = null;
            if (t != null) {
                try {
                    t.close();
                } catch (MessagingException | RuntimeException e) {
                    // The server may be gone already; there is nothing left to release.
                }
            }
        }
    }

    /**
     * True when the failure looks like a connection the server closed rather than an answer
     * about this message: no SMTP reply at all, or 421 (the server is closing the channel).
     */
    private static boolean droppedConnection(MessagingException e) {
        for (Exception x = e; x != null; x = next(x)) {
            int reply = x instanceof SMTPAddressFailedException a
                    ? a.getReturnCode()
                    : x instanceof SMTPSenderFailedException s
                            ? s.getReturnCode()
                            : x instanceof SMTPSendFailedException s ? s.getReturnCode() : -1;
            if (reply >= 0) {
                return reply == 421;
            }
        }
        return true;
    }

    /** Only a recipient the server refuses for good (5xx) is permanent; anything else may pass. */
    private static boolean isPermanent(MessagingException e) {
        for (Exception x = e; x != null; x = next(x)) {
            if (x instanceof SMTPAddressFailedException refused && refused.getReturnCode() >= 500) {
                return true;
            }
        }
        return false;
    }

    /**
     * Exception types, SMTP reply codes and connection errors, without the servers' reply texts
     * (they can quote addresses back) and without anything of the message.
     */
    static String summarize(Exception e) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Exception x = e; x != null && depth < 6; x = next(x), depth++) {
            if (out.length() > 0) {
                out.append(" <- ");
            }
            out.append(x.getClass().getSimpleName());
            if (x instanceof SMTPAddressFailedException a) {
                out.append(" reply ").append(a.getReturnCode());
            } else if (x instanceof SMTPSenderFailedException s) {
                out.append(" reply ").append(s.getReturnCode());
            } else if (x instanceof SMTPSendFailedException s) {
                out.append(" reply ").append(s.getReturnCode());
            } else if (x instanceof MailConnectException || x instanceof IOException) {
                out.append(": ").append(x.getMessage());
            }
        }
        return out.toString();
    }

    private static Exception next(Exception x) {
        Throwable cause =
                x instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : x.getCause();
        return cause instanceof Exception ex && ex != x ? ex : null;
    }

    /** Jakarta Mail would invent a Message-ID on every save; ours must survive retries. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageIdHeader;

        StableIdMessage(Session session, String messageIdHeader) {
            super(session);
            this.messageIdHeader = messageIdHeader;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageIdHeader);
        }
    }
}
