package io.latchkey.server.discovery;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.LoginFlow.tokenOf;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Environment;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.RedirectUrl;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Discovery magic links: send and authenticate. */
class DiscoveryMagicLinkTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static DiscoveryFlow flow;

    @BeforeAll
    static void start() {
        flow = new DiscoveryFlow(server);
    }

    static String email() {
        return unique("user") + "@" + unique("acme") + ".test";
    }

    @Test
    void sendThenADiscoveryLinkToTheDefaultRedirectUrlAndNothingButTheEnvelope() {
        String email = email();
        ApiResponse r = flow.send(email);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("request_id")).startsWith("request-id-");
        assertThat(r.body().path("status_code").asInt()).isEqualTo(200);
        String link = flow.awaitLink(email);
        assertThat(link).startsWith(TestServer.REDIRECT_URL + "?stytch_token_type=discovery&token=");
        assertThat(tokenOf(link)).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void sendWithAnAllowedRedirectUrlThenTheLinkUsesIt() {
        String email = email();
        flow.send(
                email,
                "discovery_redirect_url",
                "http://localhost:4000/discover?x=1",
                "login_template_id",
                "ignored",
                "locale",
                "fr");
        assertThat(flow.awaitLink(email))
                .startsWith("http://localhost:4000/discover?x=1&stytch_token_type=discovery&token=");
    }

    @Test
    void sendWhenRedirectUrlNotAllowedThenInvalidDiscoveryRedirectUrl() {
        ApiResponse r = flow.send(email(), "discovery_redirect_url", "https://evil.test/steal");
        assertError(r, 400, "invalid_discovery_redirect_url");
    }

    @Test
    void sendWhenProjectHasDiscoveryUrlsButNoDefaultThenNoDefaultDiscoveryRedirectUrlSet() {
        List<RedirectUrl> urls = new ArrayList<>(TestServer.devRedirects());
        urls.removeIf(u -> u.type() == RedirectUrlType.DISCOVERY && u.isDefault());
        NewProject other = server.app().projects().create("No default", Environment.TEST, urls);
        DiscoveryFlow otherFlow = flow.as(server.clientFor(other));
        assertError(otherFlow.send(email()), 400, "no_default_discovery_redirect_url_set");
        assertThat(otherFlow
                        .send(email(), "discovery_redirect_url", "http://localhost:3000/x")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void sendWhenExpirationOutOfBoundsOrEmailInvalidThenRefusedAndNothingStored() {
        var before = DbSnapshot.of(server.app().database(), "magic_links");
        assertError(flow.send(email(), "discovery_expiration_minutes", 4), 400, "invalid_expiration_minutes");
        assertError(flow.send(email(), "discovery_expiration_minutes", 10_081), 400, "invalid_expiration_minutes");
        assertError(flow.send("not-an-email"), 400, "invalid_email");
        assertError(flow.send(email(), "pkce_code_challenge", "short"), 400, "invalid_pkce_code_challenge");
        assertThat(DbSnapshot.of(server.app().database(), "magic_links")).isEqualTo(before);
    }

    @Test
    void authenticateThenAnEmailBoundIntermediateSessionForTenMinutes() {
        String email = email();
        Instant now = server.clock().instant();
        ApiResponse r = flow.discover(email);
        assertThat(r.text("intermediate_session_token")).matches("[A-Za-z0-9_-]{43}");
        assertThat(r.text("email_address")).isEqualTo(email);
        assertThat(r.body().path("discovered_organizations").isArray()).isTrue();
        assertThat(r.body().path("discovered_organizations")).isEmpty();
        Instant expires = Instant.parse(r.text("intermediate_session_token_expires_at"));
        assertThat(Duration.between(now, expires).toMinutes()).isBetween(9L, 10L);

        String hash = Tokens.hash(r.text("intermediate_session_token"));
        List<String> rows = server.app()
                .database()
                .read(tx -> tx.query(
                        "SELECT organization_id, member_id, email_address, factors FROM intermediate_sessions WHERE token_hash = ?",
                        rs -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4),
                        hash));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0))
                .startsWith("null|null|" + email + "|")
                .contains("\"magic_link\"")
                .contains("email-test-");
    }

    @Test
    void authenticateTwiceForTheSameEmailThenTheSameStableEmailId() {
        String email = email();
        String first = factorEmailId(flow.ist(email));
        int at = email.indexOf('@');
        String second = factorEmailId(
                flow.ist(email.substring(0, at).toUpperCase(java.util.Locale.ROOT) + email.substring(at)));
        assertThat(first).matches("email-test-[0-9a-f-]{36}").isEqualTo(second);
        assertThat(factorEmailId(flow.ist(email()))).isNotEqualTo(first);
    }

    private static String factorEmailId(String ist) {
        String factors = server.app()
                .database()
                .read(tx -> tx.queryOne(
                                "SELECT factors FROM intermediate_sessions WHERE token_hash = ?",
                                rs -> rs.getString(1),
                                Tokens.hash(ist))
                        .orElseThrow());
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("email-test-[0-9a-f-]{36}").matcher(factors);
        assertThat(m.find()).as(factors).isTrue();
        return m.group();
    }

    @Test
    void authenticateWhenTokenReusedThenUnableToAuthMagicLink() {
        String token = flow.token(email());
        assertThat(flow.authenticate(token).status()).isEqualTo(200);
        assertError(flow.authenticate(token), 401, "unable_to_auth_magic_link");
    }

    @Test
    void authenticateWhenTwoRequestsRaceThenExactlyOneWins() throws Exception {
        for (int round = 0; round < 3; round++) {
            String token = flow.token(email());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiResponse>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Callable<ApiResponse> call = () -> {
                    go.await();
                    return flow.authenticate(token);
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiResponse> f : results) {
                statuses.add(f.get().status());
            }
            pool.shutdown();
            assertThat(statuses).containsExactlyInAnyOrder(200, 401);
        }
    }

    @Test
    void authenticateWhenLinkExpiredThenUnableToAuthMagicLink() {
        String token = flow.token(email(), "discovery_expiration_minutes", 5);
        server.clock().advance(Duration.ofMinutes(6));
        assertError(flow.authenticate(token), 401, "unable_to_auth_magic_link");
    }

    @Test
    void authenticateWhenTokenUnknownOrMissingThenRefused() {
        assertError(flow.authenticate("x".repeat(43)), 404, "magic_link_not_found");
        assertError(
                flow.api().post("/v1/b2b/magic_links/discovery/authenticate", json()), 400, "missing_required_field");
    }

    @Test
    void tokensOfTheTwoKindsOfLinkAreNotInterchangeable() {
        String email = email();
        String discoveryToken = flow.token(email);
        assertError(
                flow.api().post("/v1/b2b/magic_links/authenticate", json("magic_links_token", discoveryToken)),
                404,
                "magic_link_not_found");

        var org = flow.login().organizationAllowing(email.substring(email.indexOf('@') + 1));
        flow.login().loginOrSignup(org.path("organization_id").asText(), email);
        String orgToken = tokenOf(flow.login().awaitLinks(email, 2).stream()
                .filter(l -> l.contains("multi_tenant_magic_links"))
                .findFirst()
                .orElseThrow());
        assertError(flow.authenticate(orgToken), 404, "magic_link_not_found");
        // Neither refusal spent the other kind's link.
        assertThat(flow.authenticate(discoveryToken).status()).isEqualTo(200);
    }

    @Test
    void pkceWhenVerifierMissingOrWrongThenRefusedWithoutBurningTheLink() throws Exception {
        String verifier = "verifier-" + unique("v") + "-0123456789012345678901234567890";
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String token = flow.token(email(), "pkce_code_challenge", challenge);
        assertError(flow.authenticate(token), 400, "pkce_expected_code_verifier");
        assertError(flow.authenticate(token, "pkce_code_verifier", "nope"), 400, "pkce_mismatch");
        ApiResponse right = flow.authenticate(token, "pkce_code_verifier", verifier);
        assertThat(right.status()).as(right.toString()).isEqualTo(200);

        String plain = flow.token(email());
        assertError(flow.authenticate(plain, "pkce_code_verifier", verifier), 400, "pkce_did_not_expect_code_verifier");
        assertThat(flow.authenticate(plain).status()).isEqualTo(200);
    }

    @Test
    void aLinkOfProjectAIsUnknownToProjectB() {
        String token = flow.token(email());
        NewProject other = server.newProject("Other " + unique("p"));
        assertError(flow.as(server.clientFor(other)).authenticate(token), 404, "magic_link_not_found");
        assertThat(flow.authenticate(token).status()).isEqualTo(200);
    }

    @Test
    void tokensAreStoredOnlyAsHashes() {
        String token = flow.token(email());
        String ist = flow.authenticate(token).text("intermediate_session_token");
        String dump = server.app()
                .database()
                .read(tx -> String.join("\n", tx.query("SELECT token_hash FROM magic_links", rs -> rs.getString(1)))
                        + String.join(
                                "\n", tx.query("SELECT token_hash FROM intermediate_sessions", rs -> rs.getString(1))));
        assertThat(dump).doesNotContain(token).doesNotContain(ist);
        assertThat(dump).contains(Tokens.hash(token)).contains(Tokens.hash(ist));
    }
}
