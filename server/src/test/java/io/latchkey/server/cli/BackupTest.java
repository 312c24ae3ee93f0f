package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.App;
import io.latchkey.server.Latchkey;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.config.Settings;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestDatabase;
import io.latchkey.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latchkey backup --to FILE} under write load: a server restored from the copy has every
 * write acknowledged before the backup began. PostgreSQL is pointed at pg_dump.
 */
class BackupTest {
    @TempDir
    Path dir;

    @Test
    void aBackupTakenUnderWriteLoadRestoresEveryAcknowledgedWrite() throws Exception {
        try (TestServer server = TestServer.start()) {
            if (TestDatabase.isPostgres()) {
                assertThat(Latchkey.run(
                                "backup",
                                "--db-url",
                                server.database().jdbcUrl(),
                                "--to",
                                dir.resolve("pg.db").toString()))
                        .isEqualTo(2);
                return;
            }
            ApiClient client = server.client();
            ConcurrentLinkedQueue<String[]> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger next = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                Thread writer = new Thread(() -> {
                    while (writing.get()) {
                        String slug = "backup-" + next.incrementAndGet();
                        long sentAt = System.nanoTime();
                        ApiResponse r = client.post(
                                "/v1/b2b/organizations",
                                Map.of("organization_name", "Backup " + slug, "organization_slug", slug));
                        if (r.status() == 200) {
                            acknowledged.add(new String[] {
                                r.body()
                                        .path("organization")
                                        .path("organization_id")
                                        .asText(),
                                Long.toString(System.nanoTime()),
                                Long.toString(sentAt)
                            });
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            while (acknowledged.size() < 30) {
                Thread.sleep(20);
            }
            Path backup = dir.resolve("backup.db");
            long backupStarted = System.nanoTime();
            int exit = Latchkey.run("backup", "--db-url", server.database().jdbcUrl(), "--to", backup.toString());
            // Writes go on during and after the copy.
            int afterBackup = acknowledged.size();
            while (acknowledged.size() < afterBackup + 10) {
                Thread.sleep(20);
            }
            writing.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(exit).isZero();
            assertThat(Files.size(backup)).isPositive();

            List<String> before = acknowledged.stream()
                    .filter(a -> Long.parseLong(a[1]) < backupStarted)
                    .map(a -> a[0])
                    .toList();
            assertThat(before).hasSizeGreaterThanOrEqualTo(30);
            // Restore: a server on the copy, as an operator would start one after moving it into place.
            Path restored = Files.copy(backup, dir.resolve("restored.db"));
            Settings settings = new Settings(
                    false,
                    "127.0.0.1",
                    0,
                    null,
                    "jdbc:sqlite:" + restored,
                    null,
                    null,
                    2,
                    new byte[32],
                    "http://127.0.0.1",
                    null,
                    null,
                    null,
                    RateLimits.defaults());
            try (App app = App.start(settings, Clock.systemUTC())) {
                ApiClient restoredClient =
                        new ApiClient("http://127.0.0.1:" + app.port(), server.projectId(), server.secret());
                for (String organizationId : before) {
                    ApiResponse r = restoredClient.get("/v1/b2b/organizations/" + organizationId);
                    assertThat(r.status())
                            .as(organizationId + " acknowledged before the backup: " + r)
                            .isEqualTo(200);
                }
            }
        }
    }

    @Test
    void aBackupRefusesToOverwriteAFile() throws Exception {
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");
        assertThat(Latchkey.run("backup", "--data-dir", dir.resolve("data").toString(), "--to", existing.toString()))
                .isEqualTo(2);
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }
}
