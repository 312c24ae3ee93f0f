package io.latchkey.server.mail;

import io.latchkey.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * All SQL of the mail outbox. Claims are conditional UPDATEs whose row count decides, so any
 * number of nodes may poll the same table; every later write on a claimed row names its claim
 * token, so a node whose lease ran out cannot overwrite the outcome of the node that took over.
 */
public final class MailStore {
    private static final String COLUMNS =
            "message_id, project_id, kind, recipient, sealed_body, status, attempts, created_at, sent_at";

    void insert(Tx tx, OutboxRow row) {
        tx.update(
                "INSERT INTO mail_outbox (message_id, project_id, kind, recipient, sealed_body, status,"
                        + " attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.messageId(),
                row.projectId(),
                row.kind(),
                row.recipient(),
                row.sealedBody(),
                OutboxRow.QUEUED,
                0,
                row.createdAt(),
                row.createdAt());
    }

    /**
     * Claims up to {@code limit} queued messages of the given kinds that are due at {@code now}
     * and not under a live claim, oldest first, until {@code until}, and counts an attempt on each:
     * one statement. Rows a concurrent claimer took first are not returned (PostgreSQL skips the
     * rows it has locked; the outer conditions are checked again on each row as it is updated).
     * Messages in {@code held} are left out: the caller holds them already, and a lease of its
     * that lapsed before its renewal must not make it take (and send) them a second time.
     */
    List<OutboxRow> claimDue(
            Tx tx,
            Instant now,
            int limit,
            Set<String> kinds,
            Collection<String> held,
            String claimToken,
            Instant until) {
        List<Object> params = new ArrayList<>(List.of(now, now));
        params.addAll(kinds);
        params.addAll(held);
        params.add(limit);
        params.add(claimToken);
        params.add(until);
        params.add(now);
        params.add(now);
        // The picked ids are materialized first: as a subquery of the UPDATE, PostgreSQL may run
        // the SELECT more than once and so claim more than the LIMIT.
        return tx.query(
                "WITH due AS MATERIALIZED (SELECT message_id FROM mail_outbox WHERE status = 'queued'"
                        + " AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)"
                        + " AND kind IN (" + "?, ".repeat(kinds.size() - 1) + "?)"
                        + (held.isEmpty() ? "" : " AND message_id NOT IN (" + "?, ".repeat(held.size() - 1) + "?)")
                        + " ORDER BY next_attempt_at, seq LIMIT ?"
                        + tx.dialect().forUpdateSkipLocked() + ")"
                        + " UPDATE mail_outbox SET claim_token = ?, claimed_until = ?, attempts = attempts + 1"
                        + " WHERE message_id IN (SELECT message_id FROM due)"
                        + " AND status = 'queued' AND next_attempt_at <= ?"
                        + " AND (claimed_until IS NULL OR claimed_until <= ?)"
                        + " RETURNING " + COLUMNS,
                MailStore::row,
                params.toArray());
    }

    /** Extends a claim still held under {@code claimToken}; false when it is no longer held. */
    boolean renewClaim(Tx tx, String messageId, String claimToken, Instant until) {
        return tx.update(
                        "UPDATE mail_outbox SET claimed_until = ? WHERE message_id = ? AND claim_token = ?",
                        until,
                        messageId,
                        claimToken)
                == 1;
    }

    /**
     * Gives back a claim on a message that was never handed to a transport (the node is
     * stopping): the attempt it counted did not happen, and the message is due again at once.
     */
    boolean release(Tx tx, String messageId, String claimToken) {
        return tx.update(
                        "UPDATE mail_outbox SET claim_token = NULL, claimed_until = NULL,"
                                + " attempts = attempts - 1 WHERE message_id = ? AND claim_token = ?",
                        messageId,
                        claimToken)
                == 1;
    }

    /** Records delivery; erases the body when {@code eraseBody}. False when the claim was lost. */
    boolean markSent(Tx tx, String messageId, String claimToken, Instant now, boolean eraseBody) {
        return tx.update(
                        "UPDATE mail_outbox SET status = 'sent', sent_at = ?, claim_token = NULL,"
                                + " claimed_until = NULL, last_error = NULL"
                                + (eraseBody ? ", sealed_body = NULL" : "")
                                + " WHERE message_id = ? AND claim_token = ?",
                        now,
                        messageId,
                        claimToken)
                == 1;
    }

    /** Releases the claim and puts the message back in line at {@code nextAttemptAt}. */
    boolean reschedule(Tx tx, String messageId, String claimToken, Instant nextAttemptAt, String error) {
        return tx.update(
                        "UPDATE mail_outbox SET next_attempt_at = ?, claim_token = NULL, claimed_until = NULL,"
                                + " last_error = ? WHERE message_id = ? AND claim_token = ?",
                        nextAttemptAt,
                        error,
                        messageId,
                        claimToken)
                == 1;
    }

    /** Gives up on the message for good; erases the body when {@code eraseBody}. */
    boolean markFailed(Tx tx, String messageId, String claimToken, Instant now, String error, boolean eraseBody) {
        return tx.update(
                        "UPDATE mail_outbox SET status = 'failed', failed_at = ?, claim_token = NULL,"
                                + " claimed_until = NULL, last_error = ?"
                                + (eraseBody ? ", sealed_body = NULL" : "")
                                + " WHERE message_id = ? AND claim_token = ?",
                        now,
                        error,
                        messageId,
                        claimToken)
                == 1;
    }

    /** Deletes delivered and abandoned rows created before {@code cutoff}; queued ones stay. */
    int purgeFinishedBefore(Tx tx, Instant cutoff) {
        return tx.update("DELETE FROM mail_outbox WHERE created_at < ? AND status <> 'queued'", cutoff);
    }

    /**
     * Messages whose body is still kept (dev mode), newest first. Both filters are optional (null).
     * Spans projects on purpose: the dev mailbox shows everything the local server sent.
     */
    List<OutboxRow> recentWithBody(Tx tx, String projectId, String recipient, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM mail_outbox WHERE sealed_body IS NOT NULL");
        List<Object> params = new ArrayList<>();
        if (projectId != null) {
            sql.append(" AND project_id = ?");
            params.add(projectId);
        }
        if (recipient != null) {
            sql.append(" AND lower(recipient) = lower(?)");
            params.add(recipient);
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        params.add(limit);
        return tx.query(sql.toString(), MailStore::row, params.toArray());
    }

    Optional<OutboxRow> findWithBody(Tx tx, String messageId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM mail_outbox WHERE message_id = ? AND sealed_body IS NOT NULL",
                MailStore::row,
                messageId);
    }

    private static OutboxRow row(ResultSet rs) throws SQLException {
        return new OutboxRow(
                rs.getString("message_id"),
                rs.getString("project_id"),
                rs.getString("kind"),
                rs.getString("recipient"),
                rs.getBytes("sealed_body"),
                rs.getString("status"),
                rs.getInt("attempts"),
                Tx.instant(rs, "created_at"),
                Tx.instant(rs, "sent_at"));
    }

    /**
     * Dev mailbox "clear": erases the kept bodies of messages already handed over (as production
     * does at once), which takes them out of the mailbox; queued messages are left to be sent.
     */
    int eraseDeliveredBodies(Tx tx) {
        return tx.update(
                "UPDATE mail_outbox SET sealed_body = NULL" + " WHERE status <> 'queued' AND sealed_body IS NOT NULL");
    }

    /** Queued messages of every project: how many, and when the oldest was queued (null: none). */
    public Backlog backlog(Tx tx) {
        return tx.queryOne(
                        "SELECT count(*) AS queued, min(created_at) AS oldest FROM mail_outbox WHERE status = 'queued'",
                        rs -> new Backlog(rs.getLong("queued"), Tx.instant(rs, "oldest")))
                .orElse(new Backlog(0, null));
    }

    /** The outbox's queue: its length and the time its oldest message was queued (null: empty). */
    public record Backlog(long queued, java.time.Instant oldestQueuedAt) {}
}
