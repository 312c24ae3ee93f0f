package io.latchkey.server.frontend;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.project.FrontendCall;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The /sdk/v1 surface as Stytch's frontend SDK calls it: Basic public_token:session_token, the
 * page's origin in Origin and X-SDK-Parent-Host, 2xx bodies inside {"data": ...}. The public
 * token alone reaches no member's data; a session reaches only its own member and organization.
 */
class FrontendSdkTest {
    static final String ORIGIN = "http://localhost:3000";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient anonymous;
    static LoginFlow flow;

    @BeforeAll
    static void start() {
        anonymous = server.client().as(null, null);
        flow = new LoginFlow(server);
        server.app().projects().addAuthorizedOrigin(server.projectId(), ORIGIN);
    }

    @AfterEach
    void reset() {
        server.app().projects().setFrontendCall(server.projectId(), FrontendCall.MEMBER_SELF_UPDATE, false);
        server.app().projects().setPkceRequired(server.projectId(), false);
    }

    static ApiResponse sdk(String method, String path, Object body, String sessionToken, String origin) {
        Map<String, String> headers = new HashMap<>();
        String second = sessionToken == null ? server.publicToken() : sessionToken;
        headers.put(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (server.publicToken() + ":" + second).getBytes(StandardCharsets.UTF_8)));
        headers.put("X-SDK-Client", "e30=");
        if (origin != null) {
            headers.put("Origin", origin);
            headers.put("X-SDK-Parent-Host", origin);
        }
        // The SDK sends a JSON body on every POST and PUT, "{}" at least.
        return anonymous.send(
                method, "/sdk/v1" + path, body == null && !method.equals("GET") ? Map.of() : body, headers);
    }

    static ApiResponse sdk(String method, String path, Object body, String sessionToken) {
        return sdk(method, path, body, sessionToken, ORIGIN);
    }

    record Login(String sessionToken, String memberId, String organizationId) {}

    static Login login() {
        JsonNode org = flow.organizationAllowing("frontend.test");
        ApiResponse r = flow.signUpAndAuthenticate(
                org.path("organization_id").asText(), LoginFlow.unique("m") + "@frontend.test");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new Login(
                r.text("session_token"),
                r.text("member_id"),
                org.path("organization_id").asText());
    }

    @Test
    void bootstrapCarriesWhatTheSdkReadsWithoutChecking() {
        ApiResponse r = sdk("GET", "/projects/bootstrap/" + server.publicToken(), null, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode data = r.body().path("data");
        assertThat(data.path("captcha_settings").path("enabled").isBoolean()).isTrue();
        assertThat(data.path("captcha_settings").path("enabled").asBoolean()).isFalse();
        assertThat(data.has("password_config")).isTrue();
        assertThat(data.path("cname_domain").isNull()).isTrue();
        assertThat(data.path("vertical").asText()).isEqualTo("B2B");
        assertThat(data.path("pkce_required_for_email_magic_links").asBoolean()).isFalse();
        assertThat(data.path("rbac_policy").path("roles").isArray()).isTrue();
        assertThat(data.path("rbac_policy").path("resources").isArray()).isTrue();
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");

        server.app().projects().setPkceRequired(server.projectId(), true);
        assertThat(sdk("GET", "/projects/bootstrap/" + server.publicToken(), null, null)
                        .body()
                        .path("data")
                        .path("pkce_required_for_email_magic_links")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void bootstrapOfAnotherTokenThanTheHeadersIsRefused() {
        String other =
                server.app().projects().createPublicToken(server.projectId()).publicToken();
        ApiResponse r = sdk("GET", "/projects/bootstrap/" + other, null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().has("data")).isFalse();
    }

    @Test
    void unauthorizedOriginsAreRefusedWithoutCorsHeaders() {
        for (String origin : List.of("http://evil.test", "http://localhost:3001", "https://localhost:3000", "null")) {
            ApiResponse r = sdk("GET", "/projects/bootstrap/" + server.publicToken(), null, null, origin);
            assertThat(r.status()).as(origin).isEqualTo(400);
            assertThat(r.errorType()).isEqualTo("bad_domain_for_stytch_sdk");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(origin)
                    .isEmpty();
        }
        // An authorized Origin with a parent host that is not, or the reverse, is refused too.
        Map<String, String> headers = Map.of(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((server.publicToken() + ":" + server.publicToken())
                                        .getBytes(StandardCharsets.UTF_8)),
                "Origin",
                ORIGIN,
                "X-SDK-Parent-Host",
                "http://evil.test");
        assertThat(anonymous
                        .send("GET", "/sdk/v1/projects/bootstrap/" + server.publicToken(), null, headers)
                        .status())
                .isEqualTo(400);
        // No origin at all: not the SDK in a page.
        assertThat(sdk("GET", "/projects/bootstrap/" + server.publicToken(), null, null, null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void preflightIsAnsweredForAuthorizedOriginsOnly() {
        ApiResponse ok = anonymous.send(
                "OPTIONS",
                "/sdk/v1/b2b/sessions/authenticate",
                null,
                Map.of(
                        "Origin",
                        ORIGIN,
                        "Access-Control-Request-Method",
                        "POST",
                        "Access-Control-Request-Headers",
                        "authorization,content-type,x-sdk-client,x-sdk-parent-host"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(204);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
        assertThat(ok.headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElse("")
                        .toLowerCase())
                .contains("authorization")
                .contains("x-sdk-client")
                .contains("x-sdk-parent-host");
        assertThat(ok.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
                .contains("PUT");

        ApiResponse evil = anonymous.send(
                "OPTIONS",
                "/sdk/v1/b2b/sessions/authenticate",
                null,
                Map.of("Origin", "http://evil.test", "Access-Control-Request-Method", "POST"));
        assertThat(evil.status()).isEqualTo(400);
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theHydratedSessionReadsItsMemberAndOrganizationAndRevokeEndsIt() {
        Login login = login();
        ApiResponse refreshed =
                sdk("POST", "/b2b/sessions/authenticate", json("session_duration_minutes", 60), login.sessionToken());
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        JsonNode data = refreshed.body().path("data");
        assertThat(data.path("member").path("member_id").asText()).isEqualTo(login.memberId());
        assertThat(data.path("member_session").path("member_id").asText()).isEqualTo(login.memberId());
        assertThat(data.path("session_token").asText()).isEqualTo(login.sessionToken());
        assertThat(data.path("session_jwt").asText()).isNotBlank();
        assertThat(data.path("organization").path("organization_id").asText()).isEqualTo(login.organizationId());

        ApiResponse me = sdk("GET", "/b2b/organizations/members/me", null, login.sessionToken());
        assertThat(me.body().path("data").path("member").path("member_id").asText())
                .isEqualTo(login.memberId());
        ApiResponse org = sdk("GET", "/b2b/organizations/me", null, login.sessionToken());
        assertThat(org.body()
                        .path("data")
                        .path("organization")
                        .path("organization_id")
                        .asText())
                .isEqualTo(login.organizationId());

        ApiResponse revoked = sdk("POST", "/b2b/sessions/revoke", null, login.sessionToken());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.body().has("data")).isTrue();
        ApiResponse backend =
                server.client().post("/v1/b2b/sessions/authenticate", json("session_token", login.sessionToken()));
        assertThat(backend.status()).isEqualTo(404);
        assertThat(backend.errorType()).isEqualTo("session_not_found");
        // A type that ends the SDK's refresh retries.
        ApiResponse dead = sdk("POST", "/b2b/sessions/authenticate", null, login.sessionToken());
        assertThat(dead.errorType()).isIn("session_not_found", "unauthorized_credentials");
        assertThat(dead.body().has("data")).isFalse();
    }

    @Test
    void thePublicTokenAloneReadsAndChangesNoMember() {
        login();
        server.app().projects().setFrontendCall(server.projectId(), FrontendCall.MEMBER_SELF_UPDATE, true);
        for (String[] call : new String[][] {
            {"POST", "/b2b/sessions/authenticate"}, {"POST", "/b2b/sessions/revoke"},
            {"GET", "/b2b/organizations/members/me"}, {"PUT", "/b2b/organizations/members/update"},
            {"GET", "/b2b/organizations/me"}
        }) {
            ApiResponse r = sdk(call[0], call[1], call[0].equals("GET") ? null : json("name", "Taken over"), null);
            assertThat(r.status()).as(call[1]).isEqualTo(401);
            assertThat(r.errorType()).as(call[1]).isEqualTo("unauthorized_credentials");
        }
        // A made-up session token is no better.
        ApiResponse forged = sdk("GET", "/b2b/organizations/members/me", null, "forged-session-token");
        assertThat(forged.status()).isEqualTo(404);
        assertThat(forged.errorType()).isEqualTo("session_not_found");
    }

    @Test
    void selfUpdateIsOffUntilEnabledAndChangesOnlyTheCaller() {
        Login me = login();
        Login other = login();
        ApiResponse off = sdk("PUT", "/b2b/organizations/members/update", json("name", "Me"), me.sessionToken());
        assertThat(off.status()).isEqualTo(401);
        assertThat(off.errorType()).isEqualTo("endpoint_not_authorized_for_sdk");

        server.app().projects().setFrontendCall(server.projectId(), FrontendCall.MEMBER_SELF_UPDATE, true);
        // Ids and privileged fields in the body are not the SDK's to set: they are ignored.
        ApiResponse r = sdk(
                "PUT",
                "/b2b/organizations/members/update",
                json(
                        "name",
                        "Renamed",
                        "member_id",
                        other.memberId(),
                        "organization_id",
                        other.organizationId(),
                        "roles",
                        List.of("stytch_admin"),
                        "trusted_metadata",
                        Map.of("admin", true),
                        "email_address",
                        "x@frontend.test"),
                me.sessionToken());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode member = r.body().path("data").path("member");
        assertThat(member.path("member_id").asText()).isEqualTo(me.memberId());
        assertThat(member.path("name").asText()).isEqualTo("Renamed");
        assertThat(member.path("trusted_metadata").path("admin").isMissingNode())
                .isTrue();
        assertThat(member.path("roles").toString()).doesNotContain("\"role_id\":\"stytch_admin\"");

        JsonNode untouched = server.client()
                .get("/v1/b2b/organizations/" + other.organizationId() + "/member?member_id=" + other.memberId())
                .body()
                .path("member");
        assertThat(untouched.path("name").asText()).isNotEqualTo("Renamed");
    }

    @Test
    void magicLinksKeepTheAllowListAndThePkceSetting() {
        JsonNode org = flow.organizationAllowing("frontend.test");
        String orgId = org.path("organization_id").asText();
        ApiResponse evil = sdk(
                "POST",
                "/b2b/magic_links/email/login_or_signup",
                json(
                        "organization_id",
                        orgId,
                        "email_address",
                        LoginFlow.unique("m") + "@frontend.test",
                        "login_redirect_url",
                        "https://evil.test/cb",
                        "signup_redirect_url",
                        "https://evil.test/cb"),
                null);
        assertThat(evil.status()).isEqualTo(400);
        assertThat(evil.errorType()).isIn("invalid_login_redirect_url", "invalid_signup_redirect_url");

        server.app().projects().setPkceRequired(server.projectId(), true);
        ApiResponse noPkce = sdk(
                "POST",
                "/b2b/magic_links/email/login_or_signup",
                json("organization_id", orgId, "email_address", LoginFlow.unique("m") + "@frontend.test"),
                null);
        assertThat(noPkce.status()).isEqualTo(400);
        server.app().projects().setPkceRequired(server.projectId(), false);

        String email = LoginFlow.unique("m") + "@frontend.test";
        ApiResponse sent = sdk(
                "POST",
                "/b2b/magic_links/email/login_or_signup",
                json("organization_id", orgId, "email_address", email),
                null);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.body().path("data").path("member_id").asText()).isNotBlank();
        String token = LoginFlow.tokenOf(flow.awaitLink(email));
        ApiResponse authenticated = sdk(
                "POST",
                "/b2b/magic_links/authenticate",
                json("magic_links_token", token, "session_duration_minutes", 60),
                null);
        assertThat(authenticated.status()).as(authenticated.toString()).isEqualTo(200);
        String session = authenticated.body().path("data").path("session_token").asText();
        assertThat(server.client()
                        .post("/v1/b2b/sessions/authenticate", json("session_token", session))
                        .status())
                .isEqualTo(200);
        ApiResponse again = sdk("POST", "/b2b/magic_links/authenticate", json("magic_links_token", token), null);
        assertThat(again.status()).isBetween(400, 499);
    }

    @Test
    void eventsAreAcceptedAndDropped() {
        ApiResponse r = sdk("POST", "/events", json("events", List.of(Map.of("telemetry", Map.of()))), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().has("data")).isTrue();
    }
}
