package io.latchkey.conformance;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.latchkey.server.config.SmtpSettings;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) for a production-mode server under test, and the
 * {@link Mailbox} of everything it received. Thread-safe.
 */
final class SmtpServer implements Mailbox, AutoCloseable {
    static final String FROM = "auth@latchkey.test";

    private final GreenMail greenMail;
    private final int port;

    private SmtpServer(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    /** GreenMail on a free port of 127.0.0.1. */
    static SmtpServer start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new SmtpServer(greenMail, port);
    }

    /** What the server under test is configured with: plain SMTP on 127.0.0.1, no credentials. */
    SmtpSettings settings() {
        return new SmtpSettings("127.0.0.1", port, null, null, FROM, "none");
    }

    @Override
    public List<Message> messagesTo(String email) {
        List<Message> messages = new ArrayList<>();
        for (MimeMessage mail : greenMail.getReceivedMessages()) {
            try {
                boolean toThem = Arrays.stream(mail.getAllRecipients())
                        .anyMatch(address -> address.toString().equalsIgnoreCase(email));
                if (toThem) {
                    messages.add(0, new Message(email, mail.getSubject(), plainText(mail)));
                }
            } catch (MessagingException | IOException e) {
                throw new AssertionError("could not read a received message", e);
            }
        }
        return messages;
    }

    /** The text/plain part (the server sends multipart/alternative: text, then HTML). */
    private static String plainText(MimeMessage mail) throws MessagingException, IOException {
        Object content = mail.getContent();
        if (content instanceof String text) {
            return text;
        }
        Multipart parts = (Multipart) content;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("a received message has no text/plain part");
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
