package io.latchkey.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fresh, empty database of the dialect this test run is for: system property
 * {@code latchkey.test.db} = {@code sqlite} (default) or {@code postgresql}. PostgreSQL gets a
 * new database per instance on the server named by {@code latchkey.test.pg.url}; closing drops it.
 */
public final class TestDatabase implements AutoCloseable {
    private final String jdbcUrl;
    private final Path tempDir;
    private final String pgName;

    private TestDatabase(String jdbcUrl, Path tempDir, String pgName) {
        this.jdbcUrl = jdbcUrl;
        this.tempDir = tempDir;
        this.pgName = pgName;
    }

    public static String dialect() {
        return System.getProperty("latchkey.test.db", "sqlite");
    }

    public static boolean isPostgres() {
        return dialect().equals("postgresql");
    }

    public static TestDatabase create() {
        return create(dialect());
    }

    /** A fresh database of the given dialect ({@code sqlite} or {@code postgresql}). */
    public static TestDatabase create(String dialect) {
        if (dialect.equals("postgresql")) {
            String name = "latchkey_test_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection c = DriverManager.getConnection(adminUrl());
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL test database could not be created at " + adminUrl(), e);
            }
            return new TestDatabase(adminUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"), null, name);
        }
        try {
            Path dir = Files.createTempDirectory("latchkey-test-");
            return new TestDatabase("jdbc:sqlite:" + dir.resolve("latchkey.db"), dir, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String adminUrl() {
        return System.getProperty("latchkey.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A folder next to the database for the test's files (dev data dir, templates). */
    public Path scratchDir() {
        try {
            return tempDir != null ? tempDir : Files.createTempDirectory("latchkey-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (pgName != null) {
            try (Connection c = DriverManager.getConnection(adminUrl());
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
            } catch (SQLException e) {
                // A leftover test database is harmless; its name says what it was.
            }
        }
        if (tempDir != null) {
            try (Stream<Path> files = Files.walk(tempDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // Temp files are cleaned by the OS eventually.
            }
        }
    }
}
