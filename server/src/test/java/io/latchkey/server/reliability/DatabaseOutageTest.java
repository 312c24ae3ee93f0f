package io.latchkey.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.latchkey.server.App;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.config.Settings;
import io.latchkey.server.core.Environment;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestDatabase;
import io.latchkey.server.testing.TestServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The database goes away under a running node (PostgreSQL restarting, a network cut): requests
 * are answered 503 service_unavailable with Retry-After, never 500; the log says so in one line,
 * not a stack trace per request; /readyz answers 503 until the pool reconnects, then all is as
 * before. The node reaches PostgreSQL through a TCP relay the test takes down and brings back.
 */
class DatabaseOutageTest {

    @Test
    void anOutageIsA503WithRetryAfterAndReadinessFollowsThePool() {
        assumeTrue(TestDatabase.isPostgres(), "SQLite is a file: it has no outage to ride out");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try (TestDatabase database = TestDatabase.create();
                TcpProxy proxy = proxyTo(database.jdbcUrl())) {
            String viaProxy = database.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
            Settings settings = new Settings(
                    false,
                    "127.0.0.1",
                    0,
                    null,
                    viaProxy,
                    null,
                    null,
                    4,
                    new byte[32],
                    "http://127.0.0.1",
                    null,
                    null,
                    null,
                    RateLimits.defaults());
            try (App app = App.start(settings, Clock.systemUTC())) {
                NewProject project = app.projects().create("Outage", Environment.TEST, TestServer.devRedirects());
                ApiClient client = new ApiClient(
                        "http://127.0.0.1:" + app.port(), project.project().projectId(), project.secret());
                assertThat(createOrganization(client, "before").status()).isEqualTo(200);
                assertThat(client.get("/readyz").status()).isEqualTo(200);

                proxy.down();
                for (String slug : List.of("during-1", "during-2")) {
                    ApiResponse refused = createOrganization(client, slug);
                    assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                    assertThat(refused.errorType()).isEqualTo("service_unavailable");
                    assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
                }
                assertThat(client.get("/readyz").status()).isEqualTo(503);
                assertThat(client.get("/healthz").status()).isEqualTo(200);

                proxy.up();
                awaitReady(client);
                assertThat(createOrganization(client, "after").status()).isEqualTo(200);
            }
        } finally {
            root.detachAppender(log);
        }
        List<ILoggingEvent> problems = log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e -> !e.getLoggerName().equals("com.zaxxer.hikari.pool.HikariPool"))
                .filter(e -> !e.getFormattedMessage().contains("is not set"))
                .toList();
        assertThat(problems).as(problems.toString()).hasSize(1);
        assertThat(problems.get(0).getFormattedMessage())
                .contains("database unreachable")
                .contains("503");
        assertThat(problems.get(0).getThrowableProxy()).isNull();
        assertThat(log.list).anyMatch(e -> e.getFormattedMessage().contains("database reachable again"));
    }

    private static ApiResponse createOrganization(ApiClient client, String slug) {
        return client.post(
                "/v1/b2b/organizations",
                Map.of("organization_name", "Outage " + slug, "organization_slug", "outage-" + slug));
    }

    private static void awaitReady(ApiClient client) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.get("/readyz").status() != 200) {
            assertThat(System.nanoTime())
                    .as("/readyz back to 200 once the database is")
                    .isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static TcpProxy proxyTo(String jdbcUrl) {
        String hostPort = jdbcUrl.replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1");
        String[] parts = hostPort.split(":");
        return TcpProxy.to(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 5432);
    }
}
