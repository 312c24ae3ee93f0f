package io.latchkey.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.App;
import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.config.Settings;
import io.latchkey.server.core.Environment;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestDatabase;
import io.latchkey.server.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * In production the operational endpoints live on the management port and nowhere else; off,
 * /metrics is gone and the probes stay on the API port. The metrics worth alerting on are there,
 * and the latency histogram has a handful of SLO buckets.
 */
class ManagementPortTest {

    private static Settings production(TestDatabase database, Integer managementPort) {
        RateLimits limits = RateLimits.defaults();
        // One mail per address per 10 minutes, so a second login is refused and counted.
        limits = new RateLimits(
                RateLimit.of(1, Duration.ofMinutes(10)),
                limits.smsSendsPerPhone(),
                limits.sendsPerOrganization(),
                limits.smsSendsPerOrganization(),
                limits.failedAuthPerIp(),
                limits.failedAuthPerCredential(),
                limits.projectRequests(),
                limits.projectLeaseBlock(),
                limits.trustedProxies());
        return new Settings(
                false,
                "127.0.0.1",
                0,
                null,
                database.jdbcUrl(),
                null,
                null,
                4,
                new byte[32],
                "http://127.0.0.1",
                null,
                null,
                null,
                limits,
                2,
                io.latchkey.server.config.PasswordHashing.defaults(),
                managementPort,
                java.util.List.of());
    }

    @Test
    void operationalEndpointsMoveToTheManagementPortWithTheMetricsWorthAlertingOn() {
        try (TestDatabase database = TestDatabase.create();
                App app = App.start(production(database, 0), Clock.systemUTC())) {
            NewProject project = app.projects().create("Ops", Environment.TEST, TestServer.devRedirects());
            ApiClient api = new ApiClient(
                    "http://127.0.0.1:" + app.port(), project.project().projectId(), project.secret());
            ApiClient management = new ApiClient("http://127.0.0.1:" + app.managementPort(), null, null);
            assertThat(app.managementPort()).isPositive().isNotEqualTo(app.port());

            // A mail queued (no SMTP: it stays), then a second one refused by the per-address limit.
            ApiResponse org = api.post(
                    "/v1/b2b/organizations",
                    Map.of(
                            "organization_name",
                            "Ops",
                            "organization_slug",
                            "ops",
                            "email_allowed_domains",
                            java.util.List.of("example.com"),
                            "email_jit_provisioning",
                            "RESTRICTED"));
            String organizationId =
                    org.body().path("organization").path("organization_id").asText();
            Map<String, Object> login = Map.of("organization_id", organizationId, "email_address", "ada@example.com");
            assertThat(api.post("/v1/b2b/magic_links/email/login_or_signup", login)
                            .status())
                    .isEqualTo(200);
            assertThat(api.post("/v1/b2b/magic_links/email/login_or_signup", login)
                            .status())
                    .isEqualTo(429);

            // (The gauges read the database at most every few seconds: first scrape after the mail.)
            for (String path : new String[] {"/metrics", "/healthz", "/readyz"}) {
                assertThat(api.as(null, null).get(path).status())
                        .as("API port " + path)
                        .isEqualTo(404);
                assertThat(management.get(path).status())
                        .as("management port " + path)
                        .isEqualTo(200);
            }
            // No API on the management port: refused as unauthenticated before any route is looked up.
            assertThat(management.get("/v1/b2b/organizations/x").status()).isIn(401, 404);

            String metrics = management.get("/metrics").rawBody();
            assertThat(metric(metrics, "latchkey_mail_outbox_depth")).isEqualTo(1.0);
            assertThat(metric(metrics, "latchkey_mail_outbox_oldest_age_seconds"))
                    .isGreaterThanOrEqualTo(0.0);
            assertThat(metrics).contains("latchkey_signing_key_age_seconds");
            assertThat(metric(metrics, "latchkey_rate_limit_refusals_total{limit=\"email_sends_per_address\"}"))
                    .isEqualTo(1.0);
            assertThat(metric(metrics, "latchkey_rate_limit_refusals_total{limit=\"failed_auth_per_ip\"}"))
                    .isEqualTo(0.0);
            // The SLO buckets, and only those (+Inf besides), for a route.
            long buckets = metrics.lines()
                    .filter(l -> l.startsWith("latchkey_http_requests_seconds_bucket")
                            && l.contains("route=\"/v1/b2b/organizations\""))
                    .count();
            assertThat(buckets).isEqualTo(ApiServer.SLO_BUCKETS.length + 1);
        }
    }

    @Test
    void offLeavesTheProbesOnTheApiPortAndServesNoMetrics() {
        try (TestDatabase database = TestDatabase.create();
                App app = App.start(production(database, Settings.MANAGEMENT_OFF), Clock.systemUTC())) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + app.port(), null, null);
            assertThat(app.managementPort()).isEqualTo(-1);
            assertThat(api.get("/healthz").status()).isEqualTo(200);
            assertThat(api.get("/readyz").status()).isEqualTo(200);
            assertThat(api.get("/metrics").status()).isEqualTo(404);
        }
    }

    /** The value of the sample whose name and labels start with {@code prefix}. */
    private static double metric(String metrics, String prefix) {
        String wanted = prefix.contains("{") ? prefix.substring(0, prefix.length() - 1) : prefix;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith(wanted)
                    && (line.startsWith(prefix)
                            || line.charAt(wanted.length()) == '{'
                            || line.charAt(wanted.length()) == ','
                            || line.charAt(wanted.length()) == ' ')) {
                Matcher m = Pattern.compile(" ([-+0-9.eENa]+)$").matcher(line);
                if (m.find()) {
                    return Double.parseDouble(m.group(1));
                }
            }
        }
        throw new AssertionError(prefix + " not in the metrics:\n" + metrics);
    }
}
