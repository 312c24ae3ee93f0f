package io.latchkey.server.session;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
    }

    /** A fresh member in a fresh organization, logged in: the authenticate response body. */
    static JsonNode login() {
        JsonNode org = flow.organizationAllowing("acme.test");
        ApiResponse r = flow.signUpAndAuthenticate(org.path("organization_id").asText(), unique("u") + "@acme.test");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body();
    }

    static ApiResponse authenticate(Object... body) {
        return api.post("/v1/b2b/sessions/authenticate", json(body));
    }

    static JsonNode jwtPayload(String jwt) throws Exception {
        String payload = jwt.split("\\.")[1];
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    @Test
    void authenticateByTokenThenSessionMemberOrganizationAndAFreshJwt() throws Exception {
        JsonNode login = login();
        String token = login.path("session_token").asText();
        ApiResponse r = authenticate("session_token", token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("session_token")).isEqualTo(token);
        assertThat(r.body().path("member").path("member_id").asText())
                .isEqualTo(login.path("member_id").asText());
        assertThat(r.body().path("organization").path("organization_id").asText())
                .isEqualTo(login.path("organization_id").asText());
        assertThat(r.body().path("member_session").path("member_session_id").asText())
                .isEqualTo(
                        login.path("member_session").path("member_session_id").asText());
        JsonNode claims = jwtPayload(r.text("session_jwt"));
        assertThat(claims.path("sub").asText())
                .isEqualTo(login.path("member_id").asText());
        assertThat(claims.path("https://stytch.com/session").path("id").asText())
                .isEqualTo(
                        login.path("member_session").path("member_session_id").asText());
    }

    @Test
    void authenticateByJwtThenTokenIsEmptyAndSessionIsTheSame() {
        JsonNode login = login();
        ApiResponse r = authenticate("session_jwt", login.path("session_jwt").asText());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("session_token")).isEmpty();
        assertThat(r.body().path("member_session").path("member_session_id").asText())
                .isEqualTo(
                        login.path("member_session").path("member_session_id").asText());
    }

    @Test
    void authenticateByJwtPastItsExpiryWhileTheSessionStandsThenAccepted() {
        JsonNode login = login();
        server.clock().advance(Duration.ofMinutes(10));
        ApiResponse r = authenticate("session_jwt", login.path("session_jwt").asText());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void authenticateWithBothOrNeitherSelectorThenRefused() {
        JsonNode login = login();
        assertThat(authenticate().errorType()).isEqualTo("no_session_arguments");
        assertThat(authenticate(
                                "session_token",
                                login.path("session_token").asText(),
                                "session_jwt",
                                login.path("session_jwt").asText())
                        .errorType())
                .isEqualTo("too_many_session_arguments");
    }

    @Test
    void authenticateWhenTokenUnknownThenSessionNotFound() {
        ApiResponse r = authenticate("session_token", "y".repeat(43));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("session_not_found");
    }

    @Test
    void authenticateWhenJwtIsGarbageThenRefusedWith4xx() {
        ApiResponse r = authenticate("session_jwt", "not.a.jwt");
        assertThat(r.status()).isBetween(400, 499);
    }

    @Test
    void sessionDurationMinutesExtendsTheExpiry() {
        JsonNode login = login();
        String token = login.path("session_token").asText();
        ApiResponse r = authenticate("session_token", token, "session_duration_minutes", 600);
        Instant expires =
                Instant.parse(r.body().path("member_session").path("expires_at").asText());
        assertThat(expires).isAfter(server.clock().instant().plus(Duration.ofMinutes(599)));
        assertThat(authenticate("session_token", token, "session_duration_minutes", 4)
                        .errorType())
                .isEqualTo("invalid_session_duration_minutes");
    }

    @Test
    void sessionExpiresThenSessionNotFound() {
        JsonNode login = login();
        server.clock().advance(Duration.ofMinutes(61));
        assertThat(authenticate("session_token", login.path("session_token").asText())
                        .errorType())
                .isEqualTo("session_not_found");
    }

    @Test
    void customClaimsAreSetMergedDeletedAndCarriedInTheJwt() throws Exception {
        JsonNode login = login();
        String token = login.path("session_token").asText();
        Map<String, Object> claims = new HashMap<>();
        claims.put("tier", "gold");
        claims.put("seats", 5);
        ApiResponse set = authenticate("session_token", token, "session_custom_claims", claims);
        assertThat(set.body()
                        .path("member_session")
                        .path("custom_claims")
                        .path("tier")
                        .asText())
                .isEqualTo("gold");
        assertThat(jwtPayload(set.text("session_jwt")).path("tier").asText()).isEqualTo("gold");

        Map<String, Object> unset = new HashMap<>();
        unset.put("tier", null);
        ApiResponse after = authenticate("session_token", token, "session_custom_claims", unset);
        assertThat(after.body().path("member_session").path("custom_claims").has("tier"))
                .isFalse();
        assertThat(after.body()
                        .path("member_session")
                        .path("custom_claims")
                        .path("seats")
                        .asInt())
                .isEqualTo(5);
        assertThat(jwtPayload(after.text("session_jwt")).has("tier")).isFalse();

        assertThat(authenticate("session_token", token, "session_custom_claims", Map.of("sub", "x"))
                        .errorType())
                .isEqualTo("reserved_claims_in_custom_claims");
        assertThat(authenticate(
                                "session_token",
                                token,
                                "session_custom_claims",
                                Map.of("https://stytch.com/session", "x"))
                        .errorType())
                .isEqualTo("stytch_claims_in_custom_claims");
        assertThat(authenticate("session_token", token, "session_custom_claims", Map.of("big", "z".repeat(5000)))
                        .errorType())
                .isEqualTo("custom_claims_too_large");
    }

    @Test
    void lastAccessedAtMovesAtMostOncePerInterval() {
        JsonNode login = login();
        String token = login.path("session_token").asText();
        String first = authenticate("session_token", token)
                .body()
                .path("member_session")
                .path("last_accessed_at")
                .asText();
        server.clock().advance(Duration.ofSeconds(10));
        String second = authenticate("session_token", token)
                .body()
                .path("member_session")
                .path("last_accessed_at")
                .asText();
        assertThat(second).isEqualTo(first);
        server.clock().advance(Duration.ofMinutes(2));
        String third = authenticate("session_token", token)
                .body()
                .path("member_session")
                .path("last_accessed_at")
                .asText();
        assertThat(Instant.parse(third)).isAfter(Instant.parse(first));
    }

    @Test
    void revokeByTokenThenTheNextRemoteCheckFails() {
        JsonNode login = login();
        String token = login.path("session_token").asText();
        assertThat(api.post("/v1/b2b/sessions/revoke", json("session_token", token))
                        .status())
                .isEqualTo(200);
        assertThat(authenticate("session_token", token).errorType()).isEqualTo("session_not_found");
        assertThat(authenticate("session_jwt", login.path("session_jwt").asText())
                        .errorType())
                .isEqualTo("session_not_found");
    }

    @Test
    void revokeBySessionIdAndByJwtAndByMember() {
        JsonNode a = login();
        assertThat(api.post(
                                "/v1/b2b/sessions/revoke",
                                json(
                                        "member_session_id",
                                        a.path("member_session")
                                                .path("member_session_id")
                                                .asText()))
                        .status())
                .isEqualTo(200);
        assertThat(authenticate("session_token", a.path("session_token").asText())
                        .status())
                .isEqualTo(404);

        JsonNode b = login();
        assertThat(api.post(
                                "/v1/b2b/sessions/revoke",
                                json("session_jwt", b.path("session_jwt").asText()))
                        .status())
                .isEqualTo(200);
        assertThat(authenticate("session_token", b.path("session_token").asText())
                        .status())
                .isEqualTo(404);

        JsonNode c = login();
        assertThat(api.post(
                                "/v1/b2b/sessions/revoke",
                                json("member_id", c.path("member_id").asText()))
                        .status())
                .isEqualTo(200);
        assertThat(authenticate("session_token", c.path("session_token").asText())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void revokeSelectorsAreValidated() {
        assertThat(api.post("/v1/b2b/sessions/revoke", json()).errorType()).isEqualTo("no_session_revoke_arguments");
        assertThat(api.post("/v1/b2b/sessions/revoke", json("member_session_id", "a", "member_id", "b"))
                        .errorType())
                .isEqualTo("too_many_session_revoke_arguments");
        assertThat(api.post(
                                "/v1/b2b/sessions/revoke",
                                json("member_session_id", "member-session-test-00000000-0000-4000-8000-000000000000"))
                        .errorType())
                .isEqualTo("session_not_found");
    }

    @Test
    void revokeByASessionIdThatIsNotOneIsNotFoundWhateverItHolds() {
        for (String id : new String[] {
            "a\u0000b",
            "\u0000",
            "' OR '1'='1",
            "x".repeat(10_000),
            "member-session-live-00000000-0000-4000-8000-000000000000"
        }) {
            io.latchkey.server.testing.ErrorAssert.assertError(
                    api.post("/v1/b2b/sessions/revoke", json("member_session_id", id)), 404, "session_not_found");
        }
    }

    @Test
    void getListsTheMembersStandingSessions() {
        JsonNode login = login();
        String orgId = login.path("organization_id").asText();
        String memberId = login.path("member_id").asText();
        ApiResponse r = api.get("/v1/b2b/sessions?organization_id=" + orgId + "&member_id=" + memberId);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_sessions")).hasSize(1);
        api.post("/v1/b2b/sessions/revoke", json("member_id", memberId));
        assertThat(api.get("/v1/b2b/sessions?organization_id=" + orgId + "&member_id=" + memberId)
                        .body()
                        .path("member_sessions"))
                .isEmpty();
    }

    @Test
    void deletingTheMemberOrTheOrganizationRevokesSessions() {
        JsonNode a = login();
        api.delete("/v1/b2b/organizations/" + a.path("organization_id").asText() + "/members/"
                + a.path("member_id").asText());
        assertThat(authenticate("session_token", a.path("session_token").asText())
                        .errorType())
                .isEqualTo("session_not_found");

        JsonNode b = login();
        api.delete("/v1/b2b/organizations/" + b.path("organization_id").asText());
        assertThat(authenticate("session_token", b.path("session_token").asText())
                        .errorType())
                .isEqualTo("session_not_found");
    }

    @Test
    void anotherProjectCannotSeeOrRevokeTheSession() {
        JsonNode login = login();
        ApiClient other = server.clientFor(server.newProject("Other"));
        assertThat(other.post(
                                "/v1/b2b/sessions/authenticate",
                                json(
                                        "session_token",
                                        login.path("session_token").asText()))
                        .errorType())
                .isEqualTo("session_not_found");
        assertThat(other.post(
                                "/v1/b2b/sessions/authenticate",
                                json("session_jwt", login.path("session_jwt").asText()))
                        .status())
                .isBetween(400, 499);
        assertThat(other.post(
                                "/v1/b2b/sessions/revoke",
                                json(
                                        "session_token",
                                        login.path("session_token").asText()))
                        .status())
                .isEqualTo(404);
        assertThat(authenticate("session_token", login.path("session_token").asText())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void authorizationCheckChecksTenancyAndRoles() {
        JsonNode login = login();
        String token = login.path("session_token").asText();
        String orgId = login.path("organization_id").asText();
        ApiResponse self = authenticate(
                "session_token",
                token,
                "authorization_check",
                Map.of("organization_id", orgId, "resource_id", "stytch.self", "action", "update.info.name"));
        assertThat(self.status()).as(self.toString()).isEqualTo(200);
        assertThat(self.body().path("verdict").path("authorized").asBoolean()).isTrue();
        ApiResponse other = authenticate(
                "session_token",
                token,
                "authorization_check",
                Map.of(
                        "organization_id",
                        "organization-test-00000000-0000-4000-8000-000000000000",
                        "resource_id",
                        "stytch.self",
                        "action",
                        "x"));
        assertThat(other.errorType()).isEqualTo("session_authorization_tenancy_error");
        ApiResponse denied = authenticate(
                "session_token",
                token,
                "authorization_check",
                Map.of("organization_id", orgId, "resource_id", "stytch.organization", "action", "delete"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorType()).isEqualTo("session_authorization_error");
    }

    @Test
    void exchangeMovesTheSessionToAnotherOrganizationOfTheSameEmail() {
        JsonNode first = flow.organizationAllowing("acme.test");
        JsonNode second = flow.organizationAllowing("acme.test");
        String email = unique("u") + "@acme.test";
        JsonNode login = flow.signUpAndAuthenticate(
                        first.path("organization_id").asText(), email)
                .body();
        ApiResponse invited = api.post(
                "/v1/b2b/magic_links/email/invite",
                json("organization_id", second.path("organization_id").asText(), "email_address", email));
        assertThat(invited.status()).isEqualTo(200);
        ApiResponse r = api.post(
                "/v1/b2b/sessions/exchange",
                json(
                        "organization_id",
                        second.path("organization_id").asText(),
                        "session_token",
                        login.path("session_token").asText()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isTrue();
        assertThat(r.body().path("organization").path("organization_id").asText())
                .isEqualTo(second.path("organization_id").asText());
        assertThat(r.body().path("member").path("status").asText()).isEqualTo("active");
        assertThat(authenticate("session_token", r.text("session_token")).status())
                .isEqualTo(200);

        JsonNode stranger = flow.organizationAllowing("other.test");
        ApiResponse refused = api.post(
                "/v1/b2b/sessions/exchange",
                json(
                        "organization_id",
                        stranger.path("organization_id").asText(),
                        "session_token",
                        login.path("session_token").asText()));
        assertThat(refused.status()).isEqualTo(404);
    }

    @Test
    void exchangeIntoAnOrganizationRequiringMfaGivesAnIntermediateSession() {
        JsonNode first = flow.organizationAllowing("acme.test");
        JsonNode strict = flow.organizationAllowing("acme.test", "mfa_policy", "REQUIRED_FOR_ALL");
        String email = unique("u") + "@acme.test";
        JsonNode login = flow.signUpAndAuthenticate(
                        first.path("organization_id").asText(), email)
                .body();
        api.post(
                "/v1/b2b/magic_links/email/invite",
                json("organization_id", strict.path("organization_id").asText(), "email_address", email));
        ApiResponse r = api.post(
                "/v1/b2b/sessions/exchange",
                json(
                        "organization_id",
                        strict.path("organization_id").asText(),
                        "session_token",
                        login.path("session_token").asText()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isFalse();
        assertThat(r.text("session_token")).isEmpty();
        assertThat(r.text("intermediate_session_token")).isNotEmpty();
    }

    @Test
    void magicLinkWithAnExistingSessionAddsTheFactorToIt() {
        JsonNode org = flow.organizationAllowing("acme.test");
        String email = unique("u") + "@acme.test";
        JsonNode login = flow.signUpAndAuthenticate(org.path("organization_id").asText(), email)
                .body();
        flow.loginOrSignup(org.path("organization_id").asText(), email);
        String token = LoginFlow.tokenOf(flow.awaitLinks(email, 2).get(0));
        ApiResponse r = api.post(
                "/v1/b2b/magic_links/authenticate",
                json(
                        "magic_links_token",
                        token,
                        "session_token",
                        login.path("session_token").asText()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_session").path("member_session_id").asText())
                .isEqualTo(
                        login.path("member_session").path("member_session_id").asText());
        assertThat(List.of(r.text("session_token")))
                .containsExactly(login.path("session_token").asText());
    }
}
