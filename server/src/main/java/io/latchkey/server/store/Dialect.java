package io.latchkey.server.store;

import java.sql.SQLException;

/**
 * The two databases Latchkey runs on. The schema is the same; only the migration folder, a few
 * connection settings and the way a constraint violation is reported differ.
 */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** Name of the folder under {@code db/migration/} that holds this dialect's migrations. */
    public String migrationFolder() {
        return folder;
    }

    /**
     * The Flyway placeholders that the shared migrations ({@code db/migration/common}) use where the
     * two dialects spell a type differently: {@code ${blob}} for bytes and {@code ${identity}} for
     * a generated 64-bit primary key.
     */
    public java.util.Map<String, String> migrationPlaceholders() {
        return this == POSTGRESQL
                ? java.util.Map.of("blob", "BYTEA", "identity", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
                : java.util.Map.of("blob", "BLOB", "identity", "INTEGER PRIMARY KEY AUTOINCREMENT");
    }

    public static Dialect ofJdbcUrl(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("LATCHKEY_DB_URL must start with jdbc:postgresql: or jdbc:sqlite:");
    }

    /**
     * What ends a SELECT that reads a row in order to change it and write it back: on PostgreSQL it
     * locks the row until the transaction ends, so a concurrent read-modify-write of the same row
     * waits and then reads what this one wrote, instead of both writing over each other (READ
     * COMMITTED would let the later write silently undo the earlier). A row that a concurrent
     * transaction changed so that it no longer matches the WHERE clause is not returned. NO KEY
     * UPDATE is the lock an UPDATE of non-key columns takes anyway, so inserts that reference the
     * row (sessions of a member, members of an organization) are not held up. SQLite needs nothing:
     * its writing transactions run one at a time from BEGIN (IMMEDIATE, see {@link Database}).
     */
    public String forUpdate() {
        return this == POSTGRESQL ? " FOR NO KEY UPDATE" : "";
    }

    /**
     * What ends a subquery that picks rows to claim for work: on PostgreSQL it locks them and skips
     * rows a concurrent claimer holds, so two nodes claim disjoint sets without waiting on each
     * other; SQLite runs one writing transaction at a time, so it needs nothing.
     */
    public String forUpdateSkipLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /**
     * True when the exception reports a unique or primary key violation. Decided by SQL state
     * (PostgreSQL 23505) or SQLite's extended result code, never by parsing message text.
     */
    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (this == POSTGRESQL && "23505".equals(sql.getSQLState())) {
                    return true;
                }
                // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
                if (this == SQLITE && (sql.getErrorCode() == 2067 || sql.getErrorCode() == 1555)) {
                    return true;
                }
                if (this == SQLITE
                        && t instanceof org.sqlite.SQLiteException lite
                        && (lite.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                                || lite.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when the database aborted the transaction over a collision with a concurrent one
     * (PostgreSQL deadlock 40P01 or serialization failure 40001): safe to run again from the start.
     */
    public boolean isTransientConflict(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
