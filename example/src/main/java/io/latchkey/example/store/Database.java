package io.latchkey.example.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The example's own SQLite database: the "your primary database" of Stytch's guide. A connection
 * per operation is cheap for a local SQLite file and keeps request threads independent; WAL lets
 * reads run beside a write, and the busy timeout makes concurrent writers wait instead of fail.
 */
public final class Database {
    private final String url;
    private final SQLiteConfig config;

    private Database(String url, SQLiteConfig config) {
        this.url = url;
        this.config = config;
    }

    /** Opens (creating when missing) the file and its tables. */
    public static Database open(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + absolute, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5_000);
        Database db = new Database("jdbc:sqlite:" + absolute, config);
        db.migrate();
        return db;
    }

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return config.createConnection(url);
    }

    private void migrate() {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            // The guide's advice: keep Latchkey's ids beside your own account data.
            s.execute("""
          CREATE TABLE IF NOT EXISTS users (
            member_id       TEXT PRIMARY KEY,
            organization_id TEXT NOT NULL,
            email           TEXT NOT NULL,
            name            TEXT NOT NULL DEFAULT '',
            last_login_at   TEXT,
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL
          )""");
            s.execute("CREATE INDEX IF NOT EXISTS users_by_organization ON users (organization_id)");
            s.execute("""
          CREATE TABLE IF NOT EXISTS app_keys (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL
          )""");
        } catch (SQLException e) {
            throw new StoreException("cannot prepare the example database", e);
        }
    }
}
