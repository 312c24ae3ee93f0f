package io.latchkey.server.magiclink;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.tokenOf;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MagicLinkTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
    }

    static String email(String domain) {
        return unique("user") + "@" + domain;
    }

    ApiResponse authenticate(String token) {
        return api.post(
                "/v1/b2b/magic_links/authenticate", json("magic_links_token", token, "session_duration_minutes", 60));
    }

    ApiResponse memberByEmail(String orgId, String email) {
        return api.get("/v1/b2b/organizations/" + orgId + "/member?email_address=" + email);
    }

    @Test
    void loginOrSignupWhenNewEmailInAllowedDomainThenPendingMemberAndSignupLink() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String email = email("acme.test");
        ApiResponse r = flow.loginOrSignup(org.path("organization_id").asText(), email);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_created").asBoolean()).isTrue();
        assertThat(r.body().path("member").path("status").asText()).isEqualTo("pending");
        assertThat(r.body().path("member_id").asText())
                .isEqualTo(r.body().path("member").path("member_id").asText());
        assertThat(r.body().path("organization").path("organization_id").asText())
                .isEqualTo(org.path("organization_id").asText());

        String link = flow.awaitLink(email);
        assertThat(link).startsWith(TestServer.REDIRECT_URL + "?stytch_token_type=multi_tenant_magic_links&token=");
        assertThat(tokenOf(link)).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void authenticateThenMemberIsActiveVerifiedAndHasASession() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String email = email("acme.test");
        ApiResponse r = flow.signUpAndAuthenticate(org.path("organization_id").asText(), email);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.path("member_authenticated").asBoolean()).isTrue();
        assertThat(b.path("member").path("status").asText()).isEqualTo("active");
        assertThat(b.path("member").path("email_address_verified").asBoolean()).isTrue();
        assertThat(b.path("session_token").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(b.path("session_jwt").asText()).contains(".");
        assertThat(b.path("intermediate_session_token").asText()).isEmpty();
        assertThat(b.path("reset_sessions").asBoolean()).isFalse();
        assertThat(b.path("method_id").asText()).startsWith("email-test-");
        JsonNode session = b.path("member_session");
        assertThat(session.path("member_session_id").asText()).startsWith("member-session-test-");
        assertThat(session.path("organization_slug").asText())
                .isEqualTo(org.path("organization_slug").asText());
        assertThat(session.path("roles").toString()).contains("stytch_member");
        JsonNode factor = session.path("authentication_factors").get(0);
        assertThat(factor.path("type").asText()).isEqualTo("magic_link");
        assertThat(factor.path("delivery_method").asText()).isEqualTo("email");
        assertThat(factor.path("email_factor").path("email_address").asText()).isEqualTo(email);
    }

    @Test
    void seedSnippetsTokenFieldIsAcceptedToo() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String email = email("acme.test");
        flow.loginOrSignup(org.path("organization_id").asText(), email);
        ApiResponse r = api.post(
                "/v1/b2b/magic_links/authenticate",
                json("token", tokenOf(flow.awaitLink(email)), "session_duration_minutes", 60));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void authenticateWhenTokenReusedThenUnableToAuthMagicLink() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String email = email("acme.test");
        flow.loginOrSignup(org.path("organization_id").asText(), email);
        String token = tokenOf(flow.awaitLink(email));
        assertThat(authenticate(token).status()).isEqualTo(200);
        ApiResponse again = authenticate(token);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.errorType()).isEqualTo("unable_to_auth_magic_link");
    }

    @Test
    void authenticateWhenTwoRequestsRaceThenExactlyOneWins() throws Exception {
        JsonNode org = flow.organizationAllowing("acme.test");
        for (int round = 0; round < 5; round++) {
            String email = email("acme.test");
            flow.loginOrSignup(org.path("organization_id").asText(), email);
            String token = tokenOf(flow.awaitLink(email));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiResponse>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Callable<ApiResponse> call = () -> {
                    go.await();
                    return authenticate(token);
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
    void authenticateWhenTokenUnknownThenMagicLinkNotFound() {
        ApiResponse r = authenticate("x".repeat(43));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("magic_link_not_found");
    }

    @Test
    void authenticateWhenLinkExpiredThenUnableToAuthMagicLink() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String email = email("acme.test");
        api.post(
                "/v1/b2b/magic_links/email/login_or_signup",
                json(
                        "organization_id",
                        org.path("organization_id").asText(),
                        "email_address",
                        email,
                        "signup_expiration_minutes",
                        5));
        String token = tokenOf(flow.awaitLink(email));
        server.clock().advance(Duration.ofMinutes(6));
        ApiResponse r = authenticate(token);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorType()).isEqualTo("unable_to_auth_magic_link");
    }

    @Test
    void loginOrSignupWhenJitNotAllowedThenRefusedAndNoMemberCreated() {
        JsonNode org = flow.organizationAllowing("acme.test", "email_jit_provisioning", "NOT_ALLOWED");
        String orgId = org.path("organization_id").asText();
        String email = email("acme.test");
        ApiResponse r = flow.loginOrSignup(orgId, email);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("email_jit_provisioning_not_allowed");
        assertThat(memberByEmail(orgId, email).errorType()).isEqualTo("member_not_found");
    }

    @Test
    void loginOrSignupWhenDomainNotAllowedThenRefusedAndNoMemberCreated() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String orgId = org.path("organization_id").asText();
        String email = email("other.test");
        ApiResponse r = flow.loginOrSignup(orgId, email);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("invalid_email_for_jit_provisioning");
        assertThat(memberByEmail(orgId, email).errorType()).isEqualTo("member_not_found");
    }

    @Test
    void loginOrSignupWhenMemberIsActiveThenLoginLinkAndNoNewMember() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String orgId = org.path("organization_id").asText();
        String email = email("acme.test");
        assertThat(flow.signUpAndAuthenticate(orgId, email).status()).isEqualTo(200);
        ApiResponse again = flow.loginOrSignup(orgId, email);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("member_created").asBoolean()).isFalse();
        assertThat(again.body().path("member").path("status").asText()).isEqualTo("active");
        List<String> links = flow.awaitLinks(email, 2);
        assertThat(authenticate(tokenOf(links.get(0))).status()).isEqualTo(200);
    }

    @Test
    void authenticateWhenMemberIsAlreadyActiveAndVerifiedThenItsRowIsNotWrittenAgain() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String orgId = org.path("organization_id").asText();
        String email = email("acme.test");
        ApiResponse first = flow.signUpAndAuthenticate(orgId, email);
        assertThat(first.status()).isEqualTo(200);
        String memberId = first.body().path("member_id").asText();
        long versionAfterSignUp = memberVersion(memberId);

        assertThat(flow.loginOrSignup(orgId, email).status()).isEqualTo(200);
        ApiResponse again = authenticate(tokenOf(flow.awaitLinks(email, 2).get(0)));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.body().path("member").path("status").asText()).isEqualTo("active");
        assertThat(again.body().path("member").path("email_address_verified").asBoolean())
                .isTrue();
        assertThat(again.body().path("method_id").asText())
                .isEqualTo(first.body().path("method_id").asText());
        // Nothing about the member changed, so neither did its write counter.
        assertThat(memberVersion(memberId)).isEqualTo(versionAfterSignUp);
    }

    private static long memberVersion(String memberId) {
        return server.app()
                .database()
                .read(tx -> tx.queryLong("SELECT version FROM members WHERE member_id = ?", memberId));
    }

    @Test
    void loginOrSignupWhenRedirectUrlNotAllowedThenRefused() {
        JsonNode org = flow.organizationAllowing("acme.test");
        ApiResponse r = api.post(
                "/v1/b2b/magic_links/email/login_or_signup",
                json(
                        "organization_id",
                        org.path("organization_id").asText(),
                        "email_address",
                        email("acme.test"),
                        "signup_redirect_url",
                        "https://evil.test/steal"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("invalid_signup_redirect_url");
    }

    @Test
    void loginOrSignupWhenExpirationOutOfBoundsThenRefused() {
        JsonNode org = flow.organizationAllowing("acme.test");
        for (int minutes : new int[] {4, 10_081}) {
            ApiResponse r = api.post(
                    "/v1/b2b/magic_links/email/login_or_signup",
                    json(
                            "organization_id",
                            org.path("organization_id").asText(),
                            "email_address",
                            email("acme.test"),
                            "login_expiration_minutes",
                            minutes));
            assertThat(r.status()).isEqualTo(400);
        }
    }

    @Test
    void loginOrSignupWhenEmailInvalidThenRefused() {
        JsonNode org = flow.organizationAllowing("acme.test");
        ApiResponse r = flow.loginOrSignup(org.path("organization_id").asText(), "not-an-email");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("invalid_email");
    }

    @Test
    void loginOrSignupWhenOrganizationUnknownThenNotFound() {
        ApiResponse r =
                flow.loginOrSignup("organization-test-00000000-0000-4000-8000-000000000000", email("acme.test"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("organization_not_found");
    }

    @Test
    void pkceWhenVerifierMissingOrWrongThenRefusedWithoutBurningTheLink() throws Exception {
        JsonNode org = flow.organizationAllowing("acme.test");
        String email = email("acme.test");
        String verifier = "verifier-" + unique("v") + "-0123456789012345678901234567890";
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        api.post(
                "/v1/b2b/magic_links/email/login_or_signup",
                json(
                        "organization_id",
                        org.path("organization_id").asText(),
                        "email_address",
                        email,
                        "pkce_code_challenge",
                        challenge));
        String token = tokenOf(flow.awaitLink(email));
        assertThat(authenticate(token).errorType()).isEqualTo("pkce_expected_code_verifier");
        ApiResponse wrong = api.post(
                "/v1/b2b/magic_links/authenticate", json("magic_links_token", token, "pkce_code_verifier", "nope"));
        assertThat(wrong.errorType()).isEqualTo("pkce_mismatch");
        ApiResponse right = api.post(
                "/v1/b2b/magic_links/authenticate", json("magic_links_token", token, "pkce_code_verifier", verifier));
        assertThat(right.status()).as(right.toString()).isEqualTo(200);
    }

    /** RFC 7636: a verifier is 43 to 128 unreserved characters; anything else matches nothing. */
    @Test
    void pkceVerifiersOutsideRfc7636AreRefusedEvenWhenTheyHashToTheChallenge() throws Exception {
        JsonNode org = flow.organizationAllowing("acme.test");
        for (String verifier : List.of(
                "short-" + unique("v"),
                "x".repeat(129),
                "with+plus/and=" + "0123456789012345678901234567890123456789")) {
            String email = email("acme.test");
            String challenge = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            api.post(
                    "/v1/b2b/magic_links/email/login_or_signup",
                    json(
                            "organization_id",
                            org.path("organization_id").asText(),
                            "email_address",
                            email,
                            "pkce_code_challenge",
                            challenge));
            String token = tokenOf(flow.awaitLink(email));
            ApiResponse r = api.post(
                    "/v1/b2b/magic_links/authenticate",
                    json("magic_links_token", token, "pkce_code_verifier", verifier));
            assertThat(r.status()).as(verifier + " " + r).isEqualTo(400);
            assertThat(r.errorType()).isEqualTo("pkce_mismatch");
        }
    }

    @Test
    void inviteThenInvitedMemberIsActivatedByTheLink() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String orgId = org.path("organization_id").asText();
        String email = email("partner.test");
        ApiResponse invited = api.post(
                "/v1/b2b/magic_links/email/invite",
                json(
                        "organization_id",
                        orgId,
                        "email_address",
                        email,
                        "name",
                        "Ada",
                        "untrusted_metadata",
                        Map.of("team", "core"),
                        "roles",
                        List.of("stytch_admin")));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(200);
        assertThat(invited.body().path("member").path("status").asText()).isEqualTo("invited");
        assertThat(invited.body().path("member").path("name").asText()).isEqualTo("Ada");
        String link = flow.awaitLink(email);
        assertThat(link).contains("stytch_token_type=multi_tenant_magic_links");
        ApiResponse r = authenticate(tokenOf(link));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member").path("status").asText()).isEqualTo("active");
        assertThat(r.body().path("member").path("is_admin").asBoolean()).isTrue();
    }

    @Test
    void inviteWhenInvitesNotAllowedThenRefused() {
        JsonNode org = flow.organizationAllowing("acme.test", "email_invites", "NOT_ALLOWED");
        String email = email("acme.test");
        ApiResponse r = api.post(
                "/v1/b2b/magic_links/email/invite",
                json("organization_id", org.path("organization_id").asText(), "email_address", email));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("invalid_email_for_invites");
        assertThat(memberByEmail(org.path("organization_id").asText(), email).errorType())
                .isEqualTo("member_not_found");
    }

    @Test
    void inviteWhenRestrictedAndDomainNotAllowedThenRefused() {
        JsonNode org = flow.organizationAllowing("acme.test", "email_invites", "RESTRICTED");
        String orgId = org.path("organization_id").asText();
        ApiResponse refused = api.post(
                "/v1/b2b/magic_links/email/invite",
                json("organization_id", orgId, "email_address", email("other.test")));
        assertThat(refused.errorType()).isEqualTo("invalid_email_for_invites");
        ApiResponse allowed = api.post(
                "/v1/b2b/magic_links/email/invite",
                json("organization_id", orgId, "email_address", email("acme.test")));
        assertThat(allowed.status()).isEqualTo(200);
    }

    @Test
    void inviteWhenMemberAlreadyActiveThenRefused() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String orgId = org.path("organization_id").asText();
        String email = email("acme.test");
        flow.signUpAndAuthenticate(orgId, email);
        ApiResponse r =
                api.post("/v1/b2b/magic_links/email/invite", json("organization_id", orgId, "email_address", email));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("duplicate_member_email");
    }

    @Test
    void authenticateWhenOrganizationRequiresMfaThenIntermediateSessionAndNoSession() {
        JsonNode org = flow.organizationAllowing("acme.test", "mfa_policy", "REQUIRED_FOR_ALL");
        String email = email("acme.test");
        ApiResponse r = flow.signUpAndAuthenticate(org.path("organization_id").asText(), email);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isFalse();
        assertThat(r.body().path("session_token").asText()).isEmpty();
        assertThat(r.body().path("session_jwt").asText()).isEmpty();
        assertThat(r.body().path("intermediate_session_token").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(r.body().path("intermediate_session_token_expires_at").asText())
                .endsWith("Z");
        assertThat(r.body().path("member_session").isMissingNode()
                        || r.body().path("member_session").isNull())
                .isTrue();
        assertThat(r.body()
                        .path("mfa_required")
                        .path("member_options")
                        .path("mfa_phone_number")
                        .isTextual())
                .isTrue();
        String memberId = r.body().path("member_id").asText();
        ApiResponse sessions = api.get("/v1/b2b/sessions?organization_id="
                + org.path("organization_id").asText() + "&member_id=" + memberId);
        assertThat(sessions.body().path("member_sessions")).isEmpty();
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws Exception {
        JsonNode org = flow.organizationAllowing("acme.test");
        String email = email("acme.test");
        ApiResponse r = flow.signUpAndAuthenticate(org.path("organization_id").asText(), email);
        String sessionToken = r.body().path("session_token").asText();
        String dump = server.app()
                .database()
                .read(tx -> String.join("\n", tx.query("SELECT token_hash FROM magic_links", rs -> rs.getString(1)))
                        + tx.query("SELECT token_hash FROM member_sessions", rs -> rs.getString(1)));
        assertThat(dump).doesNotContain(sessionToken);
        assertThat(dump).contains(io.latchkey.server.core.Tokens.hash(sessionToken));
    }
}
