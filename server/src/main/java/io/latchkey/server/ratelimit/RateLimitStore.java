package io.latchkey.server.ratelimit;

import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.Optional;

/**
 * All SQL of the rate-limit counters. {@link #take} is one conditional upsert whose row count
 * decides, so concurrent nodes agree on every count: PostgreSQL locks the row and re-checks the
 * condition, SQLite runs writers one at a time.
 */
public final class RateLimitStore {
    /** A counter row: events counted in the window that ends at {@code windowEndsAt}. */
    record Counter(long hits, Instant windowEndsAt) {}

    /**
     * Counts {@code cost} events when the counter has room: a finished (or absent) window restarts
     * at {@code cost} and ends at {@code newWindowEnd}; a current one grows by {@code cost} while it
     * holds fewer than {@code limit}. Returns false, changing nothing, when the window is full. A
     * cost above one may leave hits above the limit: the caller counts only what fitted.
     */
    boolean take(
            Tx tx,
            String projectId,
            CounterKind kind,
            String subject,
            long cost,
            long limit,
            Instant now,
            Instant newWindowEnd) {
        return tx.update(
                        "INSERT INTO rate_limit_counters (project_id, limit_name, subject, hits, window_ends_at)"
                                + " VALUES (?, ?, ?, ?, ?)"
                                + " ON CONFLICT (project_id, limit_name, subject) DO UPDATE SET"
                                + " hits = CASE WHEN rate_limit_counters.window_ends_at <= ? THEN excluded.hits"
                                + " ELSE rate_limit_counters.hits + excluded.hits END,"
                                + " window_ends_at = CASE WHEN rate_limit_counters.window_ends_at <= ?"
                                + " THEN excluded.window_ends_at ELSE rate_limit_counters.window_ends_at END"
                                + " WHERE rate_limit_counters.window_ends_at <= ? OR rate_limit_counters.hits < ?",
                        projectId,
                        kind.wireName(),
                        subject,
                        cost,
                        newWindowEnd,
                        now,
                        now,
                        now,
                        limit)
                == 1;
    }

    Optional<Counter> find(Tx tx, String projectId, CounterKind kind, String subject) {
        return tx.queryOne(
                "SELECT hits, window_ends_at FROM rate_limit_counters"
                        + " WHERE project_id = ? AND limit_name = ? AND subject = ?",
                rs -> new Counter(rs.getLong("hits"), Tx.instant(rs, "window_ends_at")),
                projectId,
                kind.wireName(),
                subject);
    }

    /**
     * Deletes the counters of every project whose window ended before {@code cutoff}: such a row
     * counts nothing any more, the next event restarts it. Maintenance across projects by design.
     */
    int deleteFinished(Tx tx, Instant cutoff) {
        return tx.update("DELETE FROM rate_limit_counters WHERE window_ends_at < ?", cutoff);
    }
}
