package io.latchkey.server.reliability;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMTP server of a crash run (GreenMail, in this JVM, so it outlives every server kill), and
 * what arrived there: each mail by its Message-ID, which the server derives from the outbox
 * message id, so a mail sent twice shows as one id received twice. Thread-safe.
 */
final class MailInbox implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

    /** A mail as it arrived: outbox message id (from the Message-ID), recipient, link token. */
    record Delivery(String outboxId, String recipient, String token) {}

    private final GreenMail greenMail;
    private final int port;
    private final Map<String, Integer> receivedById = new HashMap<>();
    // GreenMail lists mail mailbox by mailbox, so a new mail may come before older ones.
    private final Set<MimeMessage> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    MailInbox(int port) {
        this.port = port;
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    int port() {
        return port;
    }

    /** Mails that arrived since the last call, the first copy of each message only. */
    synchronized List<Delivery> newDeliveries() {
        List<Delivery> fresh = new ArrayList<>();
        for (MimeMessage mail : greenMail.getReceivedMessages()) {
            if (!seen.add(mail)) {
                continue;
            }
            Delivery d = read(mail);
            if (receivedById.merge(d.outboxId(), 1, Integer::sum) == 1) {
                fresh.add(d);
            }
        }
        return fresh;
    }

    /** Outbox message id -> how many times it arrived (call {@link #newDeliveries()} first). */
    synchronized Map<String, Integer> receivedById() {
        return Map.copyOf(receivedById);
    }

    private static Delivery read(MimeMessage mail) {
        try {
            String messageId = mail.getMessageID();
            String outboxId = messageId.substring(1, messageId.indexOf('@'));
            Address[] to = mail.getAllRecipients();
            Matcher m = TOKEN.matcher(text(mail));
            return new Delivery(outboxId, to[0].toString().toLowerCase(), m.find() ? m.group(1) : null);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    private static String text(MimeMessage mail) throws MessagingException, IOException {
        Object content = mail.getContent();
        if (content instanceof Multipart parts) {
            return (String) parts.getBodyPart(0).getContent();
        }
        return content.toString();
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
