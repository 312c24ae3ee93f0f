package io.latchkey.server.password;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.config.PasswordHashing;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A flood of password logins is held on the hashing pool (one thread, two waiting here) and the
 * excess refused with 429, while session checks keep answering.
 */
class PasswordFloodTest {
    @Test
    void sessionChecksKeepAnsweringUnderAPasswordLoginFlood() throws Exception {
        try (TestServer server = TestServer.start(o -> o.withPasswordHashing(
                PasswordHashing.defaults().withArgon2(19456, 2, 1).withPool(1, 2)))) {
            ApiClient api = server.client();
            LoginFlow flow = new LoginFlow(server);
            String orgId = flow.organizationAllowing("acme.test")
                    .path("organization_id")
                    .asText();
            String email = LoginFlow.unique("flood") + "@acme.test";
            String session = PasswordTest.memberWithPassword(api, flow, orgId, email, PasswordTest.GOOD)
                    .text("session_token");

            ExecutorService clients = Executors.newFixedThreadPool(24);
            try {
                List<Future<ApiResponse>> logins = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    String password = i % 2 == 0 ? PasswordTest.GOOD : "Wrong-Horse-" + i;
                    logins.add(clients.submit(() -> api.post(
                            "/v1/b2b/passwords/authenticate",
                            json("organization_id", orgId, "email_address", email, "password", password))));
                }
                List<Future<ApiResponse>> checks = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    checks.add(clients.submit(
                            () -> api.post("/v1/b2b/sessions/authenticate", json("session_token", session))));
                }
                for (Future<ApiResponse> check : checks) {
                    ApiResponse r = check.get();
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<ApiResponse> login : logins) {
                    statuses.add(login.get().status());
                }
                assertThat(statuses).allMatch(s -> s == 200 || s == 401 || s == 429);
                assertThat(statuses).contains(429);
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
