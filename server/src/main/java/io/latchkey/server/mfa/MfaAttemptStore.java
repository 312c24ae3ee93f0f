package io.latchkey.server.mfa;

import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.Optional;

/**
 * All SQL of the attempt counters. Every write is conditional, so the row count says whether an
 * attempt got its slot, under any concurrency: PostgreSQL re-checks the condition after waiting
 * for a concurrent writer, SQLite runs writers one at a time.
 */
public final class MfaAttemptStore {
    /** A counter row: attempts taken since {@code windowStartedAt}, and the lock, if any. */
    record Counter(int attempts, Instant windowStartedAt, Instant lockedUntil, int failures) {}

    /** Starts a new window holding this attempt, when the old window and any lock are over. */
    boolean restartWindow(
            Tx tx,
            String projectId,
            String memberId,
            String factor,
            Instant now,
            Instant windowCutoff,
            int maxFailures) {
        return tx.update(
                        "UPDATE mfa_attempts SET window_started_at = ?, attempts = 1, locked_until = NULL,"
                                + " failures = failures + 1"
                                + " WHERE member_id = ? AND factor = ? AND project_id = ? AND window_started_at <= ?"
                                + " AND (locked_until IS NULL OR locked_until <= ?) AND failures < ?",
                        now,
                        memberId,
                        factor,
                        projectId,
                        windowCutoff,
                        now,
                        maxFailures)
                == 1;
    }

    /**
     * Takes one more slot in the current window; the slot that reaches {@code max} also sets the
     * lock to {@code lockUntil} (it stands unless that attempt succeeds).
     */
    boolean takeSlot(
            Tx tx,
            String projectId,
            String memberId,
            String factor,
            int max,
            Instant windowCutoff,
            Instant lockUntil,
            int maxFailures) {
        return tx.update(
                        "UPDATE mfa_attempts SET attempts = attempts + 1, failures = failures + 1,"
                                + " locked_until = CASE WHEN attempts + 1 >= ? THEN ? ELSE locked_until END"
                                + " WHERE member_id = ? AND factor = ? AND project_id = ? AND attempts < ?"
                                + " AND window_started_at > ? AND failures < ?",
                        max,
                        lockUntil,
                        memberId,
                        factor,
                        projectId,
                        max,
                        windowCutoff,
                        maxFailures)
                == 1;
    }

    /** The first attempt of a member at a factor; false when a row exists already. */
    boolean insertFirst(Tx tx, String projectId, String memberId, String factor, Instant now) {
        return tx.update(
                        "INSERT INTO mfa_attempts (member_id, factor, project_id, window_started_at, attempts,"
                                + " locked_until, failures) VALUES (?, ?, ?, ?, 1, NULL, 1) ON CONFLICT (member_id, factor) DO NOTHING",
                        memberId,
                        factor,
                        projectId,
                        now)
                == 1;
    }

    Optional<Counter> find(Tx tx, String projectId, String memberId, String factor) {
        return tx.queryOne(
                "SELECT attempts, window_started_at, locked_until, failures FROM mfa_attempts"
                        + " WHERE member_id = ? AND factor = ? AND project_id = ?",
                rs -> new Counter(
                        rs.getInt("attempts"),
                        Tx.instant(rs, "window_started_at"),
                        Tx.instant(rs, "locked_until"),
                        rs.getInt("failures")),
                memberId,
                factor,
                projectId);
    }

    /** Forgets the counter: the member got the factor right. */
    void clear(Tx tx, String projectId, String memberId, String factor) {
        tx.update(
                "DELETE FROM mfa_attempts WHERE member_id = ? AND factor = ? AND project_id = ?",
                memberId,
                factor,
                projectId);
    }

    /** Sets the factor's lock (the one that lasts until an unlock). */
    void lockUntil(Tx tx, String projectId, String memberId, String factor, Instant until) {
        tx.update(
                "UPDATE mfa_attempts SET locked_until = ? WHERE member_id = ? AND factor = ? AND project_id = ?",
                until,
                memberId,
                factor,
                projectId);
    }

    /** Forgets every counter of the member: an unlock. */
    void clearAll(Tx tx, String projectId, String memberId) {
        tx.update("DELETE FROM mfa_attempts WHERE member_id = ? AND project_id = ?", memberId, projectId);
    }
}
