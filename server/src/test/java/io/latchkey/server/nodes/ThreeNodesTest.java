package io.latchkey.server.nodes;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.SignedJWT;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.RedirectUrl;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.session.JoseStyleVerifier;
import io.latchkey.server.session.SessionJwts;
import io.latchkey.server.session.SigningKeyService;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Three production nodes on one PostgreSQL database: whatever one node does, the others see at
 * once (or within the bound the README names). SQLite is single-node by design, so this runs in
 * the PostgreSQL execution only.
 */
@EnabledIfSystemProperty(
        named = "latchkey.test.db",
        matches = "postgresql",
        disabledReason = "several nodes share one PostgreSQL database; SQLite is for a single node")
class ThreeNodesTest {
    static final String ORGS = "/v1/b2b/organizations";
    static final String AUTHENTICATE = "/v1/b2b/sessions/authenticate";
    static final String REVOKE = "/v1/b2b/sessions/revoke";
    static final int A = 0;
    static final int B = 1;
    static final int C = 2;

    Cluster nodes;

    @BeforeEach
    void start() {
        nodes = Cluster.start(3);
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void sessionMintedOnOneNodeAuthenticatesOnTheOthersAndARevocationOnAnotherIsSeenByTheThirdAtOnce() {
        String orgId = organization(A, "acme.test");
        JsonNode login = login(A, A, orgId, "ada@acme.test");
        String token = login.path("session_token").asText();
        String jwt = login.path("session_jwt").asText();
        String sessionId =
                login.path("member_session").path("member_session_id").asText();

        for (int node : List.of(B, C)) {
            ApiResponse byToken = nodes.client(node).post(AUTHENTICATE, json("session_token", token));
            assertThat(byToken.status()).as(byToken.toString()).isEqualTo(200);
            assertThat(byToken.body()
                            .path("member_session")
                            .path("member_session_id")
                            .asText())
                    .isEqualTo(sessionId);
            ApiResponse byJwt = nodes.client(node).post(AUTHENTICATE, json("session_jwt", jwt));
            assertThat(byJwt.status()).as(byJwt.toString()).isEqualTo(200);
        }

        // C now holds a JWT for the session in its reuse cache; B revokes.
        ApiResponse revoked = nodes.client(B).post(REVOKE, json("session_token", token));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);

        for (int node : List.of(C, A)) {
            assertSessionNotFound(nodes.client(node).post(AUTHENTICATE, json("session_token", token)));
            assertSessionNotFound(nodes.client(node).post(AUTHENTICATE, json("session_jwt", jwt)));
        }
    }

    @Test
    void magicLinkRedeemedOnThreeNodesAtOnceMakesExactlyOneSession() throws Exception {
        String orgId = organization(A, "race.test");
        String email = "race@race.test";
        ApiResponse sent = nodes.client(B)
                .post(
                        "/v1/b2b/magic_links/email/login_or_signup",
                        json("organization_id", orgId, "email_address", email));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        Map<String, Object> redeem =
                json("magic_links_token", LoginFlow.tokenOf(nodes.awaitLink(email, 1)), "session_duration_minutes", 60);

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<ApiResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int node = i % 3;
                answers.add(pool.submit(() -> {
                    go.await();
                    return nodes.client(node).post("/v1/b2b/magic_links/authenticate", redeem);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiResponse> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS).status());
            }
            assertThat(statuses).containsOnlyOnce(200);
            assertThat(statuses).allMatch(status -> status == 200 || (status >= 400 && status < 500));
        } finally {
            pool.shutdownNow();
        }
        String memberId = nodes.client(C)
                .get(ORGS + "/" + orgId + "/member?email_address=" + email)
                .body()
                .path("member")
                .path("member_id")
                .asText();
        ApiResponse sessions =
                nodes.client(C).get("/v1/b2b/sessions?organization_id=" + orgId + "&member_id=" + memberId);
        assertThat(sessions.body().path("member_sessions").size()).isEqualTo(1);
    }

    @Test
    void keyRotatedOnOneNodeIsPublishedByTheOthersAtOnceAndOldJwtsVerifyUntilTheyExpire() throws Exception {
        String orgId = organization(A, "rotate.test");
        String oldJwt =
                login(A, A, orgId, "old@rotate.test").path("session_jwt").asText();
        String oldKid = kidOf(oldJwt);
        // B and C hold the project's keys as they were: they served the JWKS and verified a JWT.
        for (int node : List.of(B, C)) {
            assertThat(publishedKids(node)).containsExactly(oldKid);
            assertThat(nodes.client(node)
                            .post(AUTHENTICATE, json("session_jwt", oldJwt))
                            .status())
                    .isEqualTo(200);
        }

        // What `latchkey keys rotate` runs, on node A.
        String newKid = nodes.node(A).signingKeys().rotate(nodes.projectId()).kid();

        // A signs with the new key at once; B and C publish it before any client can meet it.
        JsonNode fresh = login(A, A, orgId, "new@rotate.test");
        String newJwt = fresh.path("session_jwt").asText();
        assertThat(kidOf(newJwt)).isEqualTo(newKid);
        for (int node : List.of(B, C)) {
            assertThat(publishedKids(node)).containsExactly(newKid, oldKid);
            assertThat(JoseStyleVerifier.verify(nodes.baseUrl(node), nodes.projectId(), newJwt)
                            .getSubject())
                    .isEqualTo(fresh.path("member").path("member_id").asText());
            assertThat(JoseStyleVerifier.verify(nodes.baseUrl(node), nodes.projectId(), oldJwt)
                            .getSubject())
                    .isNotBlank();
            assertThat(nodes.client(node)
                            .post(AUTHENTICATE, json("session_jwt", newJwt))
                            .status())
                    .isEqualTo(200);
            assertThat(nodes.client(node)
                            .post(AUTHENTICATE, json("session_jwt", oldJwt))
                            .status())
                    .isEqualTo(200);
            assertThat(nodes.node(node)
                            .sessionJwts()
                            .verify(nodes.project(), oldJwt, false)
                            .kid())
                    .isEqualTo(oldKid);
        }

        // Within the refresh interval B and C sign with the new key too.
        nodes.clock().advance(Duration.ofSeconds(10));
        assertThat(kidOf(login(B, C, orgId, "b@rotate.test").path("session_jwt").asText()))
                .isEqualTo(newKid);
        assertThat(kidOf(login(C, B, orgId, "c@rotate.test").path("session_jwt").asText()))
                .isEqualTo(newKid);

        // The old JWT expires like any other; its key leaves every JWKS once no JWT it signed can live.
        nodes.clock().advance(SessionJwts.LIFETIME.plus(SessionJwts.CLOCK_SKEW));
        for (int node : List.of(A, B, C)) {
            assertThatThrownBy(() -> nodes.node(node).sessionJwts().verify(nodes.project(), oldJwt, false))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.SESSION_NOT_FOUND));
        }
        nodes.clock().advance(SigningKeyService.RETIRED_KEY_PUBLISHED_FOR);
        for (int node : List.of(A, B, C)) {
            assertThat(publishedKids(node)).containsExactly(newKid);
        }
    }

    @Test
    void eachMessageQueuedOnAnyNodeIsDeliveredExactlyOnceByTheThreeSenders() {
        String orgId = organization(A, "mail.test");
        int count = 30;
        for (int i = 0; i < count; i++) {
            ApiResponse sent = nodes.client(i % 3)
                    .post(
                            "/v1/b2b/magic_links/email/login_or_signup",
                            json("organization_id", orgId, "email_address", "m" + i + "@mail.test"));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        }
        Set<String> messageIds = new HashSet<>();
        for (int i = 0; i < count; i++) {
            nodes.awaitLink("m" + i + "@mail.test", 1);
        }
        awaitOutboxSent(count);
        for (int i = 0; i < count; i++) {
            List<MimeMessage> received = nodes.mailTo("m" + i + "@mail.test");
            assertThat(received).hasSize(1);
            messageIds.add(Cluster.messageId(received.get(0)));
        }
        assertThat(nodes.smtp().received()).hasSize(count);
        assertThat(messageIds).hasSize(count);
        assertThat(Outbox.attempts(nodes.database())).containsOnly(1);
    }

    @Test
    void rotatedProjectSecretWorksOnEveryNodeAtOnceAndTheOldOneStopsWithinTheCacheBound() {
        // Every node has checked the current secret, so each holds it in its credentials cache.
        for (int node : List.of(A, B, C)) {
            assertThat(nodes.client(node).post(ORGS + "/search", json()).status())
                    .isEqualTo(200);
        }

        // What `latchkey project secret rotate` runs (on a process that is none of the nodes).
        String newSecret = nodes.node(A).projects().rotateSecret(nodes.projectId());

        for (int node : List.of(A, B, C)) {
            ApiClient renewed = nodes.client(node).as(nodes.projectId(), newSecret);
            ApiResponse r = renewed.post(ORGS + "/search", json());
            assertThat(r.status()).as("node " + node + ": " + r).isEqualTo(200);
        }
        assertThat(nodes.client(A).post(ORGS + "/search", json()).status()).isEqualTo(401);
        nodes.clock().advance(Duration.ofSeconds(2));
        for (int node : List.of(B, C)) {
            ApiResponse old = nodes.client(node).post(ORGS + "/search", json());
            assertThat(old.status()).as(old.toString()).isEqualTo(401);
            assertThat(old.errorType()).isEqualTo("unauthorized_credentials");
        }
    }

    @Test
    void changesMadeOnOneNodeShowInTheNextAnswerOfAnother() throws Exception {
        String orgId = organization(A, "change.test");
        JsonNode login = login(A, B, orgId, "eve@change.test");
        String token = login.path("session_token").asText();
        String memberId = login.path("member").path("member_id").asText();
        // C mints (and keeps for reuse) a JWT for the session as it stands.
        JsonNode before =
                nodes.client(C).post(AUTHENTICATE, json("session_token", token)).body();
        assertThat(sessionClaim(before, "roles")).asList().doesNotContain("stytch_admin");

        // B changes the member's roles and the organization's slug.
        ApiResponse roles = nodes.client(B)
                .put(ORGS + "/" + orgId + "/members/" + memberId, json("roles", List.of("stytch_admin")));
        assertThat(roles.status()).as(roles.toString()).isEqualTo(200);
        String slug = LoginFlow.unique("renamed");
        ApiResponse renamed = nodes.client(B).put(ORGS + "/" + orgId, json("organization_slug", slug));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        JsonNode after =
                nodes.client(C).post(AUTHENTICATE, json("session_token", token)).body();
        assertThat(sessionClaim(after, "roles")).asList().contains("stytch_admin");
        assertThat(SignedJWT.parse(after.path("session_jwt").asText())
                        .getJWTClaimsSet()
                        .getJSONObjectClaim("https://stytch.com/organization")
                        .get("slug"))
                .isEqualTo(slug);
        assertThat(after.path("organization").path("organization_slug").asText())
                .isEqualTo(slug);
        assertThat(nodes.client(C)
                        .get(ORGS + "/" + slug)
                        .body()
                        .path("organization")
                        .path("organization_id")
                        .asText())
                .isEqualTo(orgId);

        // A redirect URL allowed through node A is usable on C at once, and refused once removed.
        String url = "https://app.change.test/authenticate";
        Map<String, Object> send =
                json("organization_id", orgId, "email_address", "eve@change.test", "login_redirect_url", url);
        assertThat(nodes.client(C)
                        .post("/v1/b2b/magic_links/email/login_or_signup", send)
                        .status())
                .isEqualTo(400);
        nodes.node(A).projects().addRedirectUrl(nodes.projectId(), new RedirectUrl(url, RedirectUrlType.LOGIN, false));
        assertThat(nodes.client(C)
                        .post("/v1/b2b/magic_links/email/login_or_signup", send)
                        .status())
                .isEqualTo(200);
        nodes.node(A).projects().removeRedirectUrl(nodes.projectId(), url);
        assertThat(nodes.client(B)
                        .post("/v1/b2b/magic_links/email/login_or_signup", send)
                        .status())
                .isEqualTo(400);
    }

    // ---- steps

    /** Creates an organization on {@code node} whose sign-up is open to {@code domain}. */
    String organization(int node, String domain) {
        ApiResponse r = nodes.client(node)
                .post(
                        ORGS,
                        json(
                                "organization_name",
                                "Org " + domain,
                                "organization_slug",
                                LoginFlow.unique("org"),
                                "email_allowed_domains",
                                List.of(domain),
                                "email_jit_provisioning",
                                "RESTRICTED"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("organization").path("organization_id").asText();
    }

    /** A magic-link login: the link is requested on {@code sendNode} and redeemed on {@code authNode}. */
    JsonNode login(int sendNode, int authNode, String orgId, String email) {
        int before = nodes.mailTo(email).size();
        ApiResponse sent = nodes.client(sendNode)
                .post(
                        "/v1/b2b/magic_links/email/login_or_signup",
                        json("organization_id", orgId, "email_address", email));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String token = LoginFlow.tokenOf(nodes.awaitLink(email, before + 1));
        ApiResponse r = nodes.client(authNode)
                .post(
                        "/v1/b2b/magic_links/authenticate",
                        json("magic_links_token", token, "session_duration_minutes", 60));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body();
    }

    List<String> publishedKids(int node) {
        List<String> kids = new ArrayList<>();
        new ApiClient(nodes.baseUrl(node), null, null)
                .get("/v1/b2b/sessions/jwks/" + nodes.projectId())
                .body()
                .path("keys")
                .forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    void awaitOutboxSent(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Outbox.statuses(nodes.database()).equals(Map.of("sent", count))) {
            assertThat(System.nanoTime()).as("every message recorded as sent").isLessThan(deadline);
            Cluster.pause(20);
        }
    }

    static Object sessionClaim(JsonNode authenticated, String name) throws Exception {
        return SignedJWT.parse(authenticated.path("session_jwt").asText())
                .getJWTClaimsSet()
                .getJSONObjectClaim("https://stytch.com/session")
                .get(name);
    }

    static String kidOf(String jwt) throws Exception {
        return JWSObject.parse(jwt).getHeader().getKeyID();
    }

    static void assertSessionNotFound(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("session_not_found");
    }
}
