package io.latchkey.server.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The connection pool, the migrations and the transactions, behind one type. Every store call
 * runs inside {@link #inTransaction} (one transaction per API call, owned by the Service) or
 * {@link #read} (autocommit reads). Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Outages outages = new Outages();
    private final Dialect dialect;
    /**
     * SQLite lets one transaction write at a time, and its busy handler is not fair: a waiter
     * polls with growing sleeps, and under steady writes it can miss its turn for the whole busy
     * timeout. Worse, the driver's commit begins the next transaction at once, so a commit could
     * wait out the timeout after its data was written and report a failure for a committed write.
     * Writers of this process therefore queue here, first come first served, before they take a
     * connection; the busy timeout is left for other processes (the command line).
     */
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /**
     * Opens a pool on {@code jdbcUrl} (jdbc:sqlite:… or jdbc:postgresql:…). Credentials for
     * PostgreSQL may be in the URL or given separately; both may be null.
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize, MeterRegistry meters) {
        Dialect dialect = Dialect.ofJdbcUrl(jdbcUrl);
        return new Database(DatabasePools.open(dialect, jdbcUrl, user, password, poolSize, meters), dialect);
    }

    /** The URL without a password, for messages and logs. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }

    /**
     * True when {@code e} says the database could not be reached or dropped the connection (the
     * SQL states of class 08, a server shutting down or starting, or the pool finding no
     * connection in time), as opposed to a statement the database refused.
     */
    public static boolean isConnectionFailure(Throwable e) {
        return Outages.isConnectionFailure(e);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Applies pending migrations; safe to call on every start. V1–V8 live in one folder per dialect
     * and stay byte-for-byte as they landed (Flyway checks their checksums on every existing
     * database); from V9 on, one file in {@code db/migration/common} serves both dialects, with
     * {@link Dialect#migrationPlaceholders() placeholders} for the few column types that differ.
     */
    public void migrate() {
        Migrations.apply(pool, dialect);
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
     * (the exception propagates unchanged, so an ApiException reaches the client as thrown). A
     * transaction the database aborted as a deadlock victim is run again, up to three times in all,
     * so {@code work} must not have effects outside the database that cannot bear a rerun.
     */
    public <T> T inTransaction(Function<Tx, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inOneTransaction(work);
            } catch (TransientConflictException e) {
                // A deadlock victim changed nothing: run it again, after a short random pause so the
                // two colliding requests do not meet again in lockstep.
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private static final int MAX_ATTEMPTS = 3;

    private static void pause(int attempt) {
        try {
            Thread.sleep(1 + io.latchkey.server.core.Tokens.randomInt(10 * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T inOneTransaction(Function<Tx, T> work) {
        if (dialect != Dialect.SQLITE) {
            return inConnection(work);
        }
        try {
            // Bounded like the busy timeout it stands in for, so a wait can never become a hang.
            if (!sqliteWriter.tryLock(DatabasePools.SQLITE_BUSY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new DataAccessException("transaction failed: the database stayed busy", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessException("transaction failed: interrupted waiting to write", e);
        }
        try {
            return inConnection(work);
        } finally {
            sqliteWriter.unlock();
        }
    }

    private <T> T inConnection(Function<Tx, T> work) {
        try {
            T result = inConnectionUnclassified(work);
            outages.answered();
            return result;
        } catch (RuntimeException e) {
            throw outages.classify(e);
        }
    }

    private <T> T inConnectionUnclassified(Function<Tx, T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(new Tx(c, dialect));
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            if (dialect.isTransientConflict(e)) {
                throw new TransientConflictException(e);
            }
            throw new DataAccessException("transaction failed", e);
        }
    }

    /** {@link #inTransaction(Function)} for work that returns nothing. */
    public void useTransaction(Consumer<Tx> work) {
        inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    /** Runs read-only work in autocommit mode: never takes SQLite's write lock. */
    public <T> T read(Function<Tx, T> work) {
        try (Connection c = pool.getConnection()) {
            T result = work.apply(new Tx(c, dialect));
            outages.answered();
            return result;
        } catch (SQLException e) {
            throw outages.classify(new DataAccessException("read failed", e));
        } catch (RuntimeException e) {
            throw outages.classify(e);
        }
    }

    /**
     * Writes a copy of this SQLite database to {@code file} (which must not exist), consistent as of
     * one moment: VACUUM INTO reads inside one read transaction, so writers carry on (WAL) and none
     * of their later commits is half in the copy.
     */
    public void backupTo(java.nio.file.Path file) {
        if (dialect != Dialect.SQLITE) {
            throw new UnsupportedOperationException("backupTo is for SQLite; PostgreSQL has pg_dump");
        }
        try (Connection c = pool.getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, file.toString());
            ps.execute();
        } catch (SQLException e) {
            throw new DataAccessException("backup to " + file + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * True when a pooled connection can be had and answers a trivial query, within about three
     * seconds: a load balancer's probe gets its answer in time even while the pool waits out its
     * own connection timeout. One probe runs at a time; callers during it share its answer.
     */
    public boolean isReachable() {
        CompletableFuture<Boolean> probe = readiness.updateAndGet(current -> current != null && !current.isDone()
                ? current
                : CompletableFuture.supplyAsync(this::checkConnection, Database::readinessThread));
        try {
            return probe.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private final AtomicReference<CompletableFuture<Boolean>> readiness = new AtomicReference<>();

    private boolean checkConnection() {
        try (Connection c = pool.getConnection()) {
            boolean valid = c.isValid(2);
            if (valid) {
                outages.answered();
            }
            return valid;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static void readinessThread(Runnable probe) {
        Thread thread = new Thread(probe, "latchkey-readiness");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Back to autocommit for the pool's next user. On a connection the database dropped this fails
     * too ("connection is closed"), and must not replace the failure that says why.
     */
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // The pool discards a broken connection, and resets autocommit on any other it gets back.
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
