package io.latchkey.server.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an outage from a refused statement, and logs an outage once when it starts and once
 * when the database answers again. Thread-safe.
 */
final class Outages {
    // Logged under the Database's name, where operators already look for it.
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** When the current outage was first seen (System.nanoTime), or 0 while the database answers. */
    private final AtomicLong outageSince = new AtomicLong();

    /** See {@link Database#isConnectionFailure}. */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Turns a failure into a {@link DatabaseUnavailableException} when it is an outage, logging
     * its start once; anything else comes back unchanged.
     */
    RuntimeException classify(RuntimeException e) {
        if (!isConnectionFailure(e) || e instanceof DatabaseUnavailableException) {
            return e;
        }
        if (outageSince.compareAndSet(0, System.nanoTime())) {
            LOG.warn(
                    "database unreachable ({}): requests are answered 503 service_unavailable until it is back",
                    rootMessage(e));
        }
        return new DatabaseUnavailableException("database unreachable", e);
    }

    void answered() {
        long since = outageSince.get();
        if (since != 0 && outageSince.compareAndSet(since, 0)) {
            LOG.info(
                    "database reachable again after {} s",
                    Duration.ofNanos(System.nanoTime() - since).toSeconds());
        }
    }

    /** The database driver's own words for the failure (its first SQLException), else the root's. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getMessage() + (sql.getSQLState() == null ? "" : " SQLSTATE " + sql.getSQLState());
            }
            root = t;
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
