package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Tokens;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.ErrorAssert;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Single-use tokens stay single-use when many requests spend one at the same instant: exactly
 * one attempt wins, every other gets the contract's refusal, and the database shows one use.
 */
class SecuritySingleUseTest {
  private static final int ATTEMPTS = 16;

  static TestServer server;
  static ApiClient api;
  static LoginFlow flow;
  static String orgId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.client();
    flow = new LoginFlow(server);
    orgId = flow.organizationAllowing("race.test").path("organization_id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Runs {@code attempts} requests released together; returns their answers. */
  static List<ApiResponse> race(IntFunction<ApiResponse> attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(ATTEMPTS);
    CountDownLatch ready = new CountDownLatch(ATTEMPTS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<ApiResponse>> futures = new ArrayList<>();
      for (int i = 0; i < ATTEMPTS; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return attempt.apply(n);
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<ApiResponse> answers = new ArrayList<>();
      for (Future<ApiResponse> f : futures) {
        answers.add(f.get(60, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  static ApiResponse exactlyOneWinner(List<ApiResponse> answers, int status, String errorType) {
    List<ApiResponse> winners = answers.stream().filter(r -> r.status() == 200).toList();
    assertThat(winners).as("winners among %s", answers).hasSize(1);
    answers.stream().filter(r -> r.status() != 200).forEach(r -> ErrorAssert.assertError(r, status, errorType));
    return winners.get(0);
  }

  static long count(String sql, Object... params) {
    return server.app().database().read(tx -> tx.queryLong(sql, params));
  }

  private static String newLink(String email, int linksSoFar) {
    return LoginFlow.tokenOf(flow.awaitLinks(email, linksSoFar).get(0));
  }

  @Test
  void aMagicLinkAuthenticatesExactlyOnceUnderConcurrentAttempts() throws Exception {
    String email = LoginFlow.unique("ml") + "@race.test";
    flow.loginOrSignup(orgId, email);
    String token = newLink(email, 1);

    ApiResponse winner = exactlyOneWinner(race(i -> api.post("/v1/b2b/magic_links/authenticate",
        json("magic_links_token", token))), 401, "unable_to_auth_magic_link");

    String memberId = winner.text("member_id");
    assertThat(count("SELECT COUNT(*) FROM member_sessions WHERE member_id = ?", memberId)).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM magic_links WHERE token_hash = ? AND used_at IS NOT NULL",
        Tokens.hash(token))).isEqualTo(1);
  }

  @Test
  void aDiscoveryLinkAuthenticatesExactlyOnceUnderConcurrentAttempts() throws Exception {
    String email = LoginFlow.unique("dl") + "@race.test";
    api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
    String token = newLink(email, 1);

    exactlyOneWinner(race(i -> api.post("/v1/b2b/magic_links/discovery/authenticate",
        json("discovery_magic_links_token", token))), 401, "unable_to_auth_magic_link");

    assertThat(count("SELECT COUNT(*) FROM intermediate_sessions WHERE email_address = ?", email)).isEqualTo(1);
  }

  @Test
  void anIntermediateSessionIsExchangedExactlyOnceUnderConcurrentAttempts() throws Exception {
    String email = LoginFlow.unique("ist") + "@race.test";
    String memberId = flow.signUpAndAuthenticate(orgId, email).text("member_id");
    api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
    String ist = api.post("/v1/b2b/magic_links/discovery/authenticate",
        json("discovery_magic_links_token", newLink(email, 2))).text("intermediate_session_token");
    long sessionsBefore = count("SELECT COUNT(*) FROM member_sessions WHERE member_id = ?", memberId);

    exactlyOneWinner(race(i -> api.post("/v1/b2b/discovery/intermediate_sessions/exchange",
        json("intermediate_session_token", ist, "organization_id", orgId))), 404, "intermediate_session_not_found");

    assertThat(count("SELECT COUNT(*) FROM member_sessions WHERE member_id = ?", memberId)).isEqualTo(sessionsBefore + 1);
    assertThat(count("SELECT COUNT(*) FROM intermediate_sessions WHERE token_hash = ? AND consumed_at IS NOT NULL",
        Tokens.hash(ist))).isEqualTo(1);
  }

  @Test
  void anIntermediateSessionCreatesExactlyOneOrganizationUnderConcurrentAttempts() throws Exception {
    String email = LoginFlow.unique("founder") + "@race-create.test";
    api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
    String ist = api.post("/v1/b2b/magic_links/discovery/authenticate",
        json("discovery_magic_links_token", newLink(email, 1))).text("intermediate_session_token");
    long organizationsBefore = count("SELECT COUNT(*) FROM organizations");

    exactlyOneWinner(race(i -> api.post("/v1/b2b/discovery/organizations/create", json(
        "intermediate_session_token", ist, "organization_name", "Race " + i,
        "organization_slug", LoginFlow.unique("race-" + i)))), 404, "intermediate_session_not_found");

    assertThat(count("SELECT COUNT(*) FROM organizations")).isEqualTo(organizationsBefore + 1);
  }

  @Test
  void anIntermediateSessionJoinedToAMagicLinkIsSpentOnceAcrossDifferentRoutes() throws Exception {
    // The same intermediate session offered at once to the exchange and to magic-link
    // authenticate (which consumes it too): one of them, and only one, may spend it.
    String email = LoginFlow.unique("mix") + "@race.test";
    flow.signUpAndAuthenticate(orgId, email);
    api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
    String ist = api.post("/v1/b2b/magic_links/discovery/authenticate",
        json("discovery_magic_links_token", newLink(email, 2))).text("intermediate_session_token");
    List<String> links = new ArrayList<>();
    for (int i = 0; i < ATTEMPTS / 2; i++) {
      flow.loginOrSignup(orgId, email);
      links.add(newLink(email, 3 + i));
    }

    List<ApiResponse> answers = race(i -> i % 2 == 0
        ? api.post("/v1/b2b/discovery/intermediate_sessions/exchange",
            json("intermediate_session_token", ist, "organization_id", orgId))
        : api.post("/v1/b2b/magic_links/authenticate",
            json("magic_links_token", links.get(i / 2), "intermediate_session_token", ist)));

    assertThat(answers.stream().filter(r -> r.status() == 200)).as("%s", answers).hasSize(1);
    answers.stream().filter(r -> r.status() != 200)
        .forEach(r -> ErrorAssert.assertError(r, 404, "intermediate_session_not_found"));
  }
}
