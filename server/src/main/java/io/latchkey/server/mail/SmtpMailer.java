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
 * Sends email through an SMTP server (Jakarta Mail on Angus), one connection per message. An
 * email with an HTML body goes out as multipart/alternative (plain text first, as RFC 2046
 * orders them); its Message-ID is derived from the outbox id, so a retried message keeps it.
 * Thread-safe.
 */
public final class SmtpMailer implements Mailer {
  // Bounded so one dead server cannot hold a message (and its lease) for long.
  private static final String CONNECT_TIMEOUT_MILLIS = "10000";
  private static final String IO_TIMEOUT_MILLIS = "30000";

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
      MimeMessage mime =
          new StableIdMessage(session, "<" + messageId + "@" + messageIdDomain + ">");
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
      if (username != null) {
        Transport.send(mime, username, password);
      } else {
        Transport.send(mime);
      }
    } catch (MessagingException e) {
      throw new MailDeliveryException(summarize(e), isPermanent(e));
    } catch (RuntimeException e) {
      throw new MailDeliveryException("unexpected " + e.getClass().getName(), false);
    }
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
        x instanceof MessagingException m && m.getNextException() != null
            ? m.getNextException()
            : x.getCause();
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
