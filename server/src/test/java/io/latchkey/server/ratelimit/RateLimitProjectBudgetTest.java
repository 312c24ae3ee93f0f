package io.latchkey.server.ratelimit;

import static io.latchkey.server.ratelimit.TooManyRequests.assertTooManyRequests;
import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.App;
import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-project request budget, leased by each node in blocks from the shared counter. */
class RateLimitProjectBudgetTest {
    static final RateLimits LIMITS = new RateLimits(
            RateLimits.DEFAULT_EMAIL_SENDS_PER_ADDRESS,
            RateLimits.DEFAULT_SMS_SENDS_PER_PHONE,
            RateLimits.DEFAULT_SENDS_PER_ORGANIZATION,
            RateLimits.DEFAULT_SMS_SENDS_PER_ORGANIZATION,
            RateLimits.DEFAULT_FAILED_AUTH_PER_IP,
            RateLimits.DEFAULT_FAILED_AUTH_PER_CREDENTIAL,
            RateLimit.of(10, Duration.ofMinutes(1)),
            2,
            Set.of());

    @RegisterExtension
    static final TestServer server = TestServer.perClass(o -> o.withRateLimits(LIMITS));

    /** A project of its own, so no other request spends its budget. */
    static NewProject project() {
        return server.newProject(LoginFlow.unique("budget"));
    }

    static ApiResponse search(ApiClient client) {
        return client.post("/v1/b2b/organizations/search", json());
    }

    static long leased(NewProject project) {
        return server.app()
                .database()
                .read(tx -> tx.queryLong(
                        "SELECT hits FROM rate_limit_counters WHERE project_id = ? AND limit_name = 'project_requests'",
                        project.project().projectId()));
    }

    @Test
    void aProjectGetsItsBudgetThenA429UntilTheWindowEnds() {
        NewProject project = project();
        ApiClient client = server.clientFor(project);
        assertThat(search(client).status()).isEqualTo(200);
        // A block was leased with one write; the next request spends it from memory.
        assertThat(leased(project)).isEqualTo(2);
        assertThat(search(client).status()).isEqualTo(200);
        assertThat(leased(project)).isEqualTo(2);
        for (int i = 2; i < 10; i++) {
            assertThat(search(client).status()).isEqualTo(200);
        }
        assertThat(leased(project)).isEqualTo(10);

        long retryAfter = assertTooManyRequests(search(client));
        assertThat(retryAfter).isEqualTo(60);
        assertThat(search(client).text("error_message")).contains("request budget");
        // Refusals are answered from memory: nothing more is counted.
        assertThat(leased(project)).isEqualTo(10);
        // Another project has its own budget; the public JWKS spends none.
        assertThat(search(server.clientFor(project())).status()).isEqualTo(200);
        assertThat(client.get("/v1/b2b/sessions/jwks/" + project.project().projectId())
                        .status())
                .isEqualTo(200);

        server.clock().advance(Duration.ofSeconds(retryAfter));
        assertThat(search(client).status()).isEqualTo(200);
    }

    @Test
    void twoNodesOnOneDatabaseShareTheBudget() {
        NewProject project = project();
        App node = server.startNode(o -> o);
        ApiClient a = server.clientFor(project);
        ApiClient b =
                new ApiClient(TestServer.baseUrlOf(node), project.project().projectId(), project.secret());
        // Alternating, each node leases its own blocks from the one counter. Near the end a node may
        // refuse while the other still holds part of a block; together they admit the budget exactly.
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            ApiResponse r = search(i % 2 == 0 ? a : b);
            if (r.status() == 200) {
                admitted++;
            } else {
                assertTooManyRequests(r);
            }
        }
        assertThat(admitted).isEqualTo(10);
        assertThat(leased(project)).isEqualTo(10);
        assertTooManyRequests(search(a));
        assertTooManyRequests(search(b));
    }

    @Test
    void unauthenticatedRequestsSpendNoBudget() {
        NewProject project = project();
        ApiClient wrongSecret =
                new ApiClient(server.baseUrl(), project.project().projectId(), "secret-test-wrong");
        for (int i = 0; i < 15; i++) {
            assertThat(search(wrongSecret).status()).isEqualTo(401);
        }
        assertThat(leased(project)).isZero();
    }

    @Test
    void concurrentRequestsOnTwoNodesNeverPassTheBudget() throws Exception {
        NewProject project = project();
        App node = server.startNode(o -> o);
        ApiClient a = server.clientFor(project);
        ApiClient b =
                new ApiClient(TestServer.baseUrlOf(node), project.project().projectId(), project.secret());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<ApiResponse>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ApiClient client = i % 2 == 0 ? a : b;
                answers.add(pool.submit(() -> search(client)));
            }
            int admitted = 0;
            for (java.util.concurrent.Future<ApiResponse> answer : answers) {
                ApiResponse r = answer.get();
                if (r.status() == 200) {
                    admitted++;
                } else {
                    assertTooManyRequests(r);
                }
            }
            // Never more than the budget; at most one block less, held unspent by the other node.
            assertThat(admitted).isBetween(10 - 1, 10);
            assertThat(leased(project)).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }
}
