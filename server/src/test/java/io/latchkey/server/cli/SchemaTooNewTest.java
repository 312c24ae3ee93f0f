package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rollback gone wrong: this binary on a database a newer version has migrated refuses to start
 * (and to migrate), in one line that says what to do, rather than write rows the newer schema
 * does not expect.
 */
class SchemaTooNewTest {
    @Test
    void anOlderBinaryOnANewerSchemaRefusesToStart() throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            String url = database.jdbcUrl();
            assertThat(CommandProcess.run(Map.of(), "migrate", "--db-url", url).exitCode())
                    .isZero();
            // What a newer version's migration leaves behind in Flyway's history.
            try (Connection c = DriverManager.getConnection(url);
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                                    + " checksum, installed_by, execution_time, success) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setInt(1, 9999);
                ps.setString(2, "9999");
                ps.setString(3, "from a newer version");
                ps.setString(4, "SQL");
                ps.setString(5, "V9999__from_a_newer_version.sql");
                ps.setInt(6, 0);
                ps.setString(7, "test");
                ps.setInt(8, 1);
                ps.setBoolean(9, true);
                ps.executeUpdate();
            }
            Map<String, String> env = Map.of(
                    "LATCHKEY_DB_URL",
                    url,
                    "LATCHKEY_MASTER_KEY",
                    Base64.getEncoder().encodeToString(new byte[32]),
                    "LATCHKEY_BASE_URL",
                    "https://auth.example.com");
            for (String[] command : new String[][] {{"start", "--host", "127.0.0.1", "--port", "0"}, {"migrate"}}) {
                CommandProcess.Result result = CommandProcess.run(env, command);
                assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
                assertThat(result.stderrLines()).as(result.stderr()).hasSize(1);
                assertThat(result.stderr())
                        .contains("migration 9999", "newer than this version", "OPERATIONS.md")
                        .doesNotContain("\tat ");
            }
        }
    }
}
