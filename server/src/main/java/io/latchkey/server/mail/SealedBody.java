package io.latchkey.server.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.latchkey.server.core.Json;
import io.latchkey.server.core.SecretBox;
import java.io.IOException;

/**
 * What of a message is sealed at rest: subject, text and HTML (a subject can hold a code too).
 * The box is bound to the message id, so a body copied onto another row does not open.
 */
final class SealedBody {
    record Parts(String subject, String text, String html) {}

    private SealedBody() {}

    static byte[] seal(SecretBox box, String messageId, MailMessage message) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(new Parts(message.subject(), message.text(), message.html()));
            return box.seal(json, context(messageId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mail body could not be serialized", e);
        }
    }

    /**
     * The message a row holds.
     *
     * @throws IllegalStateException when the body is gone or cannot be opened (another master key)
     */
    static MailMessage open(SecretBox box, OutboxRow row) {
        if (row.sealedBody() == null) {
            throw new IllegalStateException("the message body was erased");
        }
        byte[] json = box.open(row.sealedBody(), context(row.messageId()));
        try {
            Parts parts = Json.mapper().readValue(json, Parts.class);
            return new MailMessage(row.kind(), row.recipient(), parts.subject(), parts.text(), parts.html());
        } catch (IOException e) {
            throw new IllegalStateException("the message body is malformed");
        }
    }

    private static String context(String messageId) {
        return "mail_outbox/" + messageId;
    }
}
