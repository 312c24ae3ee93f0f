package io.latchkey.server.mail;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Environment;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending mail, for every feature: a message is queued in the caller's transaction, so it goes
 * out if and only if the caller's work commits, and the call never waits for (or fails with)
 * the mail server. The {@link OutboxSender} delivers it moments later. Thread-safe.
 */
public final class MailService {
    private static final Logger LOG = LoggerFactory.getLogger(MailService.class);

    private final Database db;
    private final MailStore store;
    private final SecretBox box;
    private final MailTemplates templates;
    private final Clock clock;
    private final Runnable onQueued;

    /**
     * @param onQueued called after each queue, to wake the sender; it runs before the caller
     *     commits, so the sender must tolerate not yet seeing the row
     */
    public MailService(
            Database db, MailStore store, SecretBox box, MailTemplates templates, Clock clock, Runnable onQueued) {
        this.db = db;
        this.store = store;
        this.box = box;
        this.templates = templates;
        this.clock = clock;
        this.onQueued = onQueued;
    }

    /**
     * Queues {@code message} for {@code projectId} in {@code tx}. The body is stored sealed with
     * the master key. Rolling back {@code tx} un-queues it.
     *
     * @return the outbox message id
     * @throws IllegalArgumentException when projectId is not a project id (a programming error)
     */
    public String queue(Tx tx, String projectId, MailMessage message) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(message, "message");
        Environment environment = Ids.environmentOf("project", projectId);
        if (environment == null) {
            throw new IllegalArgumentException("not a project id");
        }
        String messageId = Ids.newId("mail", environment);
        Instant now = Timestamps.truncate(clock.instant());
        byte[] sealed = SealedBody.seal(box, messageId, message);
        store.insert(
                tx,
                new OutboxRow(
                        messageId, projectId, message.kind(), message.to(), sealed, OutboxRow.QUEUED, 0, now, null));
        onQueued.run();
        return messageId;
    }

    /**
     * Renders {@code template} (see {@link MailTemplates}) and queues it as an email to {@code to}.
     *
     * @return the outbox message id
     * @throws IllegalArgumentException for an unknown template or missing variable
     */
    public String queueEmail(Tx tx, String projectId, String to, String template, Map<String, String> variables) {
        return queue(tx, projectId, MailMessage.email(to, templates.render(template, variables)));
    }

    /** What waits in the outbox, for the metrics (outbox depth and oldest message age). */
    public MailStore.Backlog backlog() {
        return db.read(store::backlog);
    }

    public MailTemplates templates() {
        return templates;
    }

    /**
     * Dev mailbox: messages whose bodies are kept, newest first, across projects (the local
     * developer owns them all). Filters may be null. Only dev mode keeps bodies, so production
     * has nothing to show here even if asked.
     */
    public List<DevMailboxMessage> devMailbox(String projectId, String to, int limit) {
        List<OutboxRow> rows = db.read(tx -> store.recentWithBody(tx, projectId, to, limit));
        List<DevMailboxMessage> out = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            MailMessage message;
            try {
                message = SealedBody.open(box, row);
            } catch (IllegalStateException e) {
                // Sealed under another master key (the data folder's key was replaced): unreadable.
                LOG.debug("dev mailbox skips message_id={}: {}", row.messageId(), e.getMessage());
                continue;
            }
            out.add(new DevMailboxMessage(
                    row.messageId(),
                    row.projectId(),
                    row.kind(),
                    row.recipient(),
                    message.subject(),
                    message.text(),
                    message.html(),
                    row.status(),
                    Timestamps.format(row.createdAt()),
                    Timestamps.format(row.sentAt())));
        }
        return out;
    }

    /** Dev mailbox: empties it (messages still queued stay and show up once sent). */
    public int clearDevMailbox() {
        return db.inTransaction(store::eraseDeliveredBodies);
    }

    /**
     * Dev mailbox: the HTML body of one kept message.
     *
     * @throws ApiException route_not_found when there is no such message or it has no HTML body
     */
    public String devMailboxHtml(String messageId) {
        return db.read(tx -> store.findWithBody(tx, messageId))
                .flatMap(row -> {
                    try {
                        return Optional.ofNullable(SealedBody.open(box, row).html());
                    } catch (IllegalStateException e) {
                        return Optional.empty();
                    }
                })
                .orElseThrow(() -> new ApiException(
                        ErrorType.ROUTE_NOT_FOUND, "No dev mailbox message with an HTML body has that id."));
    }
}
