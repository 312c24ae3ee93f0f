package io.latchkey.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * A start on a current schema does without Flyway, and only then: whatever Flyway would apply or
 * refuse still goes to Flyway. The first test is also the guard that the check computes every
 * carried migration's checksum and description exactly as Flyway records them.
 */
class CurrentSchemaTest {
    private static final List<String> LOCATIONS = List.of("db/migration/sqlite", "db/migration/common");

    @Test
    void aCurrentSchemaStartsWithoutFlywayAndAFreshOneWithIt() {
        try (TestDatabase database = TestDatabase.create("sqlite")) {
            SQLiteDataSource pool = pool(database);
            assertThat(isCurrent(pool)).as("no history table yet").isFalse();
            assertThat(Migrations.apply(pool, Dialect.SQLITE))
                    .as("Flyway migrates")
                    .isTrue();
            assertThat(isCurrent(pool))
                    .as("every migration as Flyway recorded it")
                    .isTrue();
            assertThat(Migrations.apply(pool, Dialect.SQLITE))
                    .as("the next start does without Flyway")
                    .isFalse();
        }
    }

    @Test
    void aNewMigrationIsStillApplied() throws SQLException {
        try (TestDatabase database = TestDatabase.create("sqlite")) {
            SQLiteDataSource pool = pool(database);
            // A database of the version before the newest migration landed.
            String newest = CurrentSchema.carried(loader(), LOCATIONS).keySet().stream()
                    .max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                    .orElseThrow();
            Flyway.configure(loader())
                    .dataSource(pool)
                    .locations("classpath:db/migration/sqlite", "classpath:db/migration/common")
                    .placeholders(Dialect.SQLITE.migrationPlaceholders())
                    .target(String.valueOf(Integer.parseInt(newest) - 1))
                    .load()
                    .migrate();
            assertThat(isCurrent(pool)).isFalse();

            assertThat(Migrations.apply(pool, Dialect.SQLITE)).isTrue();
            assertThat(count(
                            pool,
                            "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '" + newest + "'"))
                    .isEqualTo(1);
            assertThat(Migrations.apply(pool, Dialect.SQLITE)).isFalse();
        }
    }

    @Test
    void aChangedOrFailedMigrationStillGoesToFlyway() throws SQLException {
        try (TestDatabase database = TestDatabase.create("sqlite")) {
            SQLiteDataSource pool = pool(database);
            Migrations.apply(pool, Dialect.SQLITE);
            execute(pool, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
            assertThat(isCurrent(pool)).isFalse();
            assertThatThrownBy(() -> Migrations.apply(pool, Dialect.SQLITE))
                    .isInstanceOf(FlywayValidateException.class);

            execute(pool, "UPDATE flyway_schema_history SET checksum = checksum - 1, success = 0 WHERE version = '1'");
            assertThat(isCurrent(pool)).isFalse();
            assertThatThrownBy(() -> Migrations.apply(pool, Dialect.SQLITE))
                    .isInstanceOf(FlywayValidateException.class);
        }
    }

    private static boolean isCurrent(SQLiteDataSource pool) {
        return CurrentSchema.isCurrent(pool, loader(), LOCATIONS);
    }

    private static ClassLoader loader() {
        return Thread.currentThread().getContextClassLoader();
    }

    private static SQLiteDataSource pool(TestDatabase database) {
        SQLiteDataSource pool = new SQLiteDataSource();
        pool.setUrl(database.jdbcUrl());
        return pool;
    }

    private static void execute(SQLiteDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static int count(SQLiteDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                var rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
