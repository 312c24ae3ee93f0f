package io.latchkey.server.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.latchkey.server.config.SmtpSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on a port chosen once, so it can be down and come back on the
 * same address the server under test was configured with.
 */
public final class TestSmtp implements AutoCloseable {
    public static final String FROM = "Latchkey <no-reply@latchkey.test>";

    private final int port;
    private GreenMail greenMail;

    private TestSmtp(int port) {
        this.port = port;
    }

    /** A server on a free port, not yet started: mail to it fails until {@link #start()}. */
    public static TestSmtp down() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new TestSmtp(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestSmtp up() {
        return down().start();
    }

    public TestSmtp start() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return this;
    }

    /** Adds a mailbox user whose credentials the server accepts for SMTP AUTH. */
    void addUser(String login, String password) {
        greenMail.setUser(login + "@latchkey.test", login, password);
    }

    /** What the server under test is configured with: plain SMTP, no credentials. */
    public SmtpSettings settings() {
        return new SmtpSettings("127.0.0.1", port, null, null, FROM, "none");
    }

    public List<MimeMessage> received() {
        return greenMail == null ? List.of() : Arrays.asList(greenMail.getReceivedMessages());
    }

    public List<MimeMessage> receivedBy(String recipient) {
        return received().stream()
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients())
                                .anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /** The messages in {@code recipient}'s own mailbox, in arrival order; cheaper than a scan of all. */
    public List<MimeMessage> inboxOf(String recipient) {
        return greenMail == null
                ? List.of()
                : greenMail
                        .findReceivedMessages(u -> u.getEmail().equalsIgnoreCase(recipient), m -> true)
                        .toList();
    }

    @Override
    public void close() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
