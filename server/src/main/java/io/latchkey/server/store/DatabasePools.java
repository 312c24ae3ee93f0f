package io.latchkey.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the connection pool for one dialect, with the settings each database needs. */
final class DatabasePools {
    static final int SQLITE_BUSY_TIMEOUT_MILLIS = 15_000;

    private DatabasePools() {}

    /** See {@link Database#open}. */
    static HikariDataSource open(
            Dialect dialect, String jdbcUrl, String user, String password, int poolSize, MeterRegistry meters) {
        // One connection before the pool exists: a wrong URL, a missing database or refused
        // credentials then fail here with the driver's own reason, instead of inside the pool's
        // start-up, which logs a stack trace of its own before it gives up.
        probe(dialect, jdbcUrl, user, password);
        HikariConfig config = new HikariConfig();
        config.setPoolName("latchkey-" + dialect.migrationFolder());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(10_000);
        config.setAutoCommit(true);
        if (dialect == Dialect.SQLITE) {
            config.setDataSource(sqliteDataSource(jdbcUrl));
        } else {
            config.setJdbcUrl(jdbcUrl);
            if (user != null && !user.isBlank()) {
                config.setUsername(user);
            }
            if (password != null && !password.isBlank()) {
                config.setPassword(password);
            }
            // Server-side prepared statements pay off on the hot paths (session lookups).
            config.addDataSourceProperty("prepareThreshold", "3");
        }
        if (meters != null) {
            config.setMetricRegistry(meters);
        }
        return new HikariDataSource(config);
    }

    private static void probe(Dialect dialect, String jdbcUrl, String user, String password) {
        try {
            if (dialect == Dialect.SQLITE) {
                sqliteDataSource(jdbcUrl).getConnection().close();
                return;
            }
            Properties props = new Properties();
            if (user != null && !user.isBlank()) {
                props.setProperty("user", user);
            }
            if (password != null && !password.isBlank()) {
                props.setProperty("password", password);
            }
            props.setProperty("connectTimeout", "10");
            DriverManager.getConnection(jdbcUrl, props).close();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(
                    "cannot open the database " + Database.redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteDataSource sqliteDataSource(String jdbcUrl) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: an acknowledged write survives power loss, which an auth server owes its callers.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        sqlite.enforceForeignKeys(true);
        // IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy timeout instead
        // of deadlocking when both try to upgrade a read lock.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(sqlite);
        ds.setUrl(jdbcUrl);
        return ds;
    }
}
