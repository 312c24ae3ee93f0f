package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.latchkey.server.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commonest production mistakes end in one line on stderr that names the setting and the
 * fix, exit code 2, no stack trace; LATCHKEY_LOG_LEVEL=DEBUG adds the trace. Each case runs the
 * real command line in a process of its own.
 */
class StartupFailuresTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    private Map<String, String> env(String dbUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("LATCHKEY_DB_URL", dbUrl);
        env.put("LATCHKEY_MASTER_KEY", KEY);
        env.put("LATCHKEY_BASE_URL", "https://auth.example.com");
        return env;
    }

    private String sqliteUrl() {
        return "jdbc:sqlite:" + dir.resolve("latchkey.db");
    }

    /** The PostgreSQL server the tests use, with {@code database} and {@code user}. */
    private static String pgUrl(String database, String user) {
        String admin =
                System.getProperty("latchkey.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        String hostPort = admin.replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1");
        return "jdbc:postgresql://" + hostPort + "/" + database + "?user=" + user;
    }

    private static CommandProcess.Result start(Map<String, String> env) {
        return CommandProcess.run(env, "start", "--host", "127.0.0.1", "--port", "0");
    }

    private static void assertOneLine(CommandProcess.Result result, String... mentions) {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderrLines()).as(result.stderr()).hasSize(1);
        assertThat(result.stderr()).startsWith("latchkey: ").doesNotContain("\tat ");
        for (String mention : mentions) {
            assertThat(result.stderr()).contains(mention);
        }
    }

    @Test
    void databaseUnreachable() throws IOException {
        assumeTrue(TestDatabase.isPostgres());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertOneLine(
                start(env("jdbc:postgresql://127.0.0.1:" + closedPort + "/latchkey")),
                "cannot reach the database",
                "127.0.0.1:" + closedPort,
                "LATCHKEY_DB_URL");
    }

    @Test
    void unknownDatabase() {
        assumeTrue(TestDatabase.isPostgres());
        assertOneLine(
                start(env(pgUrl("latchkey_no_such_database", "postgres"))),
                "does not exist",
                "latchkey_no_such_database",
                "createdb",
                "LATCHKEY_DB_URL");
    }

    @Test
    void badCredentials() {
        assumeTrue(TestDatabase.isPostgres());
        assertOneLine(
                start(env(pgUrl("postgres", "latchkey_no_such_role"))),
                "refused the credentials",
                "LATCHKEY_DB_USER",
                "LATCHKEY_DB_PASSWORD");
    }

    @Test
    void badSqlitePathForStartMigrateAndProjectList() throws IOException {
        // A regular file where a folder should be: no one, not even root, can create a file below it.
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");
        String url = "jdbc:sqlite:" + notAFolder.resolve("latchkey.db");
        assertOneLine(start(env(url)), "cannot open the SQLite database", notAFolder.toString(), "LATCHKEY_DB_URL");
        assertOneLine(CommandProcess.run(Map.of(), "migrate", "--db-url", url), "cannot open the SQLite database");
        assertOneLine(
                CommandProcess.run(
                        Map.of(),
                        "project",
                        "list",
                        "--data-dir",
                        notAFolder.resolve("data").toString()),
                "--data-dir");
    }

    @Test
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CommandProcess.Result result = CommandProcess.run(
                    env(sqliteUrl()), "start", "--host", "127.0.0.1", "--port", Integer.toString(port));
            assertOneLine(result, "port " + port, "already in use", "LATCHKEY_PORT");
        }
    }

    @Test
    void baseUrlWithoutScheme() {
        Map<String, String> env = env(sqliteUrl());
        env.put("LATCHKEY_BASE_URL", "auth.example.com");
        assertOneLine(start(env), "LATCHKEY_BASE_URL", "https://auth.example.com");
    }

    @Test
    void masterKeyOfTheWrongLength() {
        Map<String, String> env = env(sqliteUrl());
        env.put("LATCHKEY_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[16]));
        assertOneLine(start(env), "LATCHKEY_MASTER_KEY", "32 bytes", "openssl rand -base64 32");
    }

    @Test
    void debugLevelAddsTheStackTrace() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");
        Map<String, String> env = env("jdbc:sqlite:" + notAFolder.resolve("latchkey.db"));
        env.put("LATCHKEY_LOG_LEVEL", "DEBUG");
        CommandProcess.Result result = start(env);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .contains("latchkey: cannot open the SQLite database")
                .contains("\tat ");
    }
}
