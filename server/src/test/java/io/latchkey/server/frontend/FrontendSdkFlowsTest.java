package io.latchkey.server.frontend;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.project.FrontendCall;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
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
 * The /sdk/v1 calls beyond sessions and self, as @stytch/vanilla-js 6.3.0 sends them: discovery,
 * email and SMS OTP, TOTP, recovery codes, invites and the organization. The intermediate session
 * rides in the body; a second factor is reachable only with proof of a first factor of that very
 * member; a member acts only on its own organization, within its roles.
 */
class FrontendSdkFlowsTest {
    static final String ORIGIN = "http://localhost:3000";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient anonymous;
    static LoginFlow flow;
    static MfaFlow mfa;

    @BeforeAll
    static void start() {
        anonymous = server.client().as(null, null);
        flow = new LoginFlow(server);
        mfa = new MfaFlow(server);
        server.app().projects().addAuthorizedOrigin(server.projectId(), ORIGIN);
    }

    @AfterEach
    void reset() {
        server.app().projects().setFrontendCall(server.projectId(), FrontendCall.CREATE_ORGANIZATIONS, false);
        server.app().projects().setPkceRequired(server.projectId(), false);
    }

    static ApiResponse sdk(String method, String path, Object body, String sessionToken) {
        Map<String, String> headers = new HashMap<>();
        String second = sessionToken == null ? server.publicToken() : sessionToken;
        headers.put(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (server.publicToken() + ":" + second).getBytes(StandardCharsets.UTF_8)));
        headers.put("X-SDK-Client", "e30=");
        headers.put("Origin", ORIGIN);
        headers.put("X-SDK-Parent-Host", ORIGIN);
        return anonymous.send(
                method, "/sdk/v1" + path, body == null && !method.equals("GET") ? Map.of() : body, headers);
    }

    static JsonNode data(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("data");
    }

    record Login(String sessionToken, String memberId, String organizationId, String email) {}

    static Login login(String domain) {
        JsonNode org = flow.organizationAllowing(domain);
        String email = LoginFlow.unique("m") + "@" + domain;
        ApiResponse r = flow.signUpAndAuthenticate(org.path("organization_id").asText(), email);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new Login(
                r.text("session_token"),
                r.text("member_id"),
                org.path("organization_id").asText(),
                email);
    }

    static void makeAdmin(Login l) {
        ApiResponse r = server.client()
                .put(
                        "/v1/b2b/organizations/" + l.organizationId() + "/members/" + l.memberId(),
                        json("roles", List.of("stytch_admin")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** A discovery login done in the browser: the intermediate session the SDK would keep. */
    static JsonNode discover(String email) {
        data(sdk("POST", "/b2b/magic_links/email/discovery/send", json("email_address", email), null));
        String token = LoginFlow.tokenOf(flow.awaitLink(email));
        return data(sdk(
                "POST", "/b2b/magic_links/discovery/authenticate", json("discovery_magic_links_token", token), null));
    }

    @Test
    void discoveryListsExchangesAndCreatesOnlyWhenSwitchedOn() {
        String domain = LoginFlow.unique("disc") + ".test";
        String orgId = flow.organizationAllowing(domain).path("organization_id").asText();
        String email = LoginFlow.unique("m") + "@" + domain;
        // A member already: discovery lists the organization as its membership.
        assertThat(flow.signUpAndAuthenticate(orgId, email).status()).isEqualTo(200);

        JsonNode found = discover(email);
        String ist = found.path("intermediate_session_token").asText();
        assertThat(ist).isNotBlank();
        assertThat(found.path("discovered_organizations").toString()).contains(orgId);
        JsonNode listed =
                data(sdk("POST", "/b2b/discovery/organizations", json("intermediate_session_token", ist), null));
        assertThat(listed.path("discovered_organizations").toString()).contains(orgId);

        ApiResponse off = sdk(
                "POST",
                "/b2b/discovery/organizations/create",
                json("intermediate_session_token", ist, "session_duration_minutes", 60, "organization_name", "Mine"),
                null);
        assertThat(off.status()).isEqualTo(401);
        assertThat(off.errorType()).isEqualTo("endpoint_not_authorized_for_sdk");

        JsonNode exchanged = data(sdk(
                "POST",
                "/b2b/discovery/intermediate_sessions/exchange",
                json("intermediate_session_token", ist, "organization_id", orgId, "session_duration_minutes", 60),
                null));
        String session = exchanged.path("session_token").asText();
        assertThat(exchanged.path("organization").path("organization_id").asText())
                .isEqualTo(orgId);
        assertThat(server.client()
                        .post("/v1/b2b/sessions/authenticate", json("session_token", session))
                        .status())
                .isEqualTo(200);
        // Listed again with the session the browser now holds in its header.
        JsonNode mine = data(sdk("POST", "/b2b/discovery/organizations", null, session));
        assertThat(mine.path("email_address").asText()).isEqualTo(email);

        server.app().projects().setFrontendCall(server.projectId(), FrontendCall.CREATE_ORGANIZATIONS, true);
        String again = discover(email).path("intermediate_session_token").asText();
        JsonNode created = data(sdk(
                "POST",
                "/b2b/discovery/organizations/create",
                json(
                        "intermediate_session_token",
                        again,
                        "session_duration_minutes",
                        60,
                        "organization_name",
                        "Made in the browser",
                        "organization_slug",
                        LoginFlow.unique("browser"),
                        "email_jit_provisioning",
                        "NOT_ALLOWED",
                        // Not the SDK's to set: ignored.
                        "trusted_metadata",
                        Map.of("plan", "enterprise"),
                        "organization_external_id",
                        "forged-external-id"),
                null));
        JsonNode org = created.path("organization");
        assertThat(org.path("organization_name").asText()).isEqualTo("Made in the browser");
        assertThat(org.path("email_jit_provisioning").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(org.path("trusted_metadata").path("plan").isMissingNode()).isTrue();
        assertThat(org.path("organization_external_id").asText("")).isNotEqualTo("forged-external-id");
        assertThat(created.path("session_token").asText()).isNotBlank();
    }

    @Test
    void discoveryNeedsAnIntermediateSessionAndKeepsPkce() {
        ApiResponse noIst = sdk(
                "POST",
                "/b2b/discovery/intermediate_sessions/exchange",
                json("organization_id", "organization-test-00000000-0000-4000-8000-000000000000"),
                null);
        assertThat(noIst.status()).isEqualTo(400);
        ApiResponse noAnything = sdk("POST", "/b2b/discovery/organizations", null, null);
        assertThat(noAnything.status()).isEqualTo(401);
        assertThat(noAnything.errorType()).isEqualTo("unauthorized_credentials");

        server.app().projects().setPkceRequired(server.projectId(), true);
        ApiResponse noChallenge =
                sdk("POST", "/b2b/magic_links/email/discovery/send", json("email_address", "x@pkce.test"), null);
        assertThat(noChallenge.status()).isEqualTo(400);
        ApiResponse noVerifier = sdk(
                "POST",
                "/b2b/magic_links/discovery/authenticate",
                json("discovery_magic_links_token", "never-minted"),
                null);
        assertThat(noVerifier.status()).isEqualTo(400);
        assertThat(noVerifier.errorType()).isEqualTo("pkce_expected_code_verifier");
    }

    @Test
    void emailOtpLogsInInTheBrowser() {
        String domain = LoginFlow.unique("eotp") + ".test";
        String orgId = flow.organizationAllowing(domain).path("organization_id").asText();
        String email = LoginFlow.unique("m") + "@" + domain;
        data(sdk(
                "POST",
                "/b2b/otps/email/login_or_signup",
                json("organization_id", orgId, "email_address", email),
                null));
        String code = mfa.awaitEmailCode(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        ApiResponse refused = sdk(
                "POST",
                "/b2b/otps/email/authenticate",
                json("organization_id", orgId, "email_address", email, "code", wrong, "session_duration_minutes", 60),
                null);
        assertThat(refused.status()).isBetween(400, 499);
        JsonNode in = data(sdk(
                "POST",
                "/b2b/otps/email/authenticate",
                json("organization_id", orgId, "email_address", email, "code", code, "session_duration_minutes", 60),
                null));
        assertThat(in.path("member").path("email_address").asText()).isEqualTo(email);
        assertThat(server.client()
                        .post(
                                "/v1/b2b/sessions/authenticate",
                                json("session_token", in.path("session_token").asText()))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void smsNeedsProofOfAFirstFactorOfThatVeryMember() {
        String domain = LoginFlow.unique("sms") + ".test";
        String orgId = mfa.mfaOrganization(domain).path("organization_id").asText();
        JsonNode mine = mfa.primaryFactorOnly(orgId, MfaFlow.email(domain));
        JsonNode theirs = mfa.primaryFactorOnly(orgId, MfaFlow.email(domain));
        String memberId = mine.path("member_id").asText();
        String phone = MfaFlow.uniquePhone();

        ApiResponse bare = sdk(
                "POST",
                "/b2b/otps/sms/send",
                json("organization_id", orgId, "member_id", memberId, "mfa_phone_number", phone),
                null);
        assertThat(bare.status()).isEqualTo(401);
        assertThat(bare.errorType()).isEqualTo("unauthorized_credentials");
        ApiResponse foreign = sdk(
                "POST",
                "/b2b/otps/sms/send",
                json(
                        "organization_id",
                        orgId,
                        "member_id",
                        memberId,
                        "mfa_phone_number",
                        phone,
                        "intermediate_session_token",
                        theirs.path("intermediate_session_token").asText()),
                null);
        assertThat(foreign.status()).as(foreign.toString()).isBetween(400, 499);

        String ist = mine.path("intermediate_session_token").asText();
        data(sdk(
                "POST",
                "/b2b/otps/sms/send",
                json(
                        "organization_id",
                        orgId,
                        "member_id",
                        memberId,
                        "mfa_phone_number",
                        phone,
                        "intermediate_session_token",
                        ist),
                null));
        String code = mfa.awaitSmsCode(phone);
        JsonNode in = data(sdk(
                "POST",
                "/b2b/otps/sms/authenticate",
                json(
                        "organization_id",
                        orgId,
                        "member_id",
                        memberId,
                        "code",
                        code,
                        "intermediate_session_token",
                        ist,
                        "session_duration_minutes",
                        60),
                null));
        assertThat(in.path("member_id").asText()).isEqualTo(memberId);
        assertThat(in.path("session_token").asText()).isNotBlank();
    }

    @Test
    void totpAndRecoveryCodesBelongToTheProvenMemberOnly() {
        String domain = LoginFlow.unique("totp") + ".test";
        String orgId = mfa.mfaOrganization(domain).path("organization_id").asText();
        String email = MfaFlow.email(domain);
        JsonNode mine = mfa.primaryFactorOnly(orgId, email);
        JsonNode theirs = mfa.primaryFactorOnly(orgId, MfaFlow.email(domain));
        String memberId = mine.path("member_id").asText();

        ApiResponse foreign = sdk(
                "POST",
                "/b2b/totp",
                json(
                        "organization_id",
                        orgId,
                        "member_id",
                        memberId,
                        "intermediate_session_token",
                        theirs.path("intermediate_session_token").asText()),
                null);
        assertThat(foreign.status()).as(foreign.toString()).isBetween(400, 499);
        assertThat(sdk("POST", "/b2b/totp", json("organization_id", orgId, "member_id", memberId), null)
                        .status())
                .isEqualTo(401);

        String ist = mine.path("intermediate_session_token").asText();
        JsonNode created = data(sdk(
                "POST",
                "/b2b/totp",
                json("organization_id", orgId, "member_id", memberId, "intermediate_session_token", ist),
                null));
        String secret = created.path("secret").asText();
        List<String> codes = List.of(
                created.path("recovery_codes").get(0).asText(),
                created.path("recovery_codes").get(1).asText());
        JsonNode in = data(sdk(
                "POST",
                "/b2b/totp/authenticate",
                json(
                        "organization_id",
                        orgId,
                        "member_id",
                        memberId,
                        "code",
                        MfaFlow.totp(secret, server.clock().instant()),
                        "intermediate_session_token",
                        ist,
                        "session_duration_minutes",
                        60),
                null));
        String session = in.path("session_token").asText();

        JsonNode got = data(sdk("GET", "/b2b/recovery_codes", null, session));
        assertThat(got.path("member_id").asText()).isEqualTo(memberId);
        assertThat(got.path("recovery_codes").toString()).contains(codes.get(1));
        assertThat(sdk("GET", "/b2b/recovery_codes", null, null).status()).isEqualTo(401);
        JsonNode rotated = data(sdk("POST", "/b2b/recovery_codes/rotate", null, session));
        assertThat(rotated.path("recovery_codes").toString()).doesNotContain(codes.get(1));
        String fresh = rotated.path("recovery_codes").get(0).asText();

        String next = mfa.newIntermediateSession(orgId, email);
        ApiResponse old = sdk(
                "POST",
                "/b2b/recovery_codes/recover",
                json(
                        "organization_id",
                        orgId,
                        "member_id",
                        memberId,
                        "recovery_code",
                        codes.get(1),
                        "intermediate_session_token",
                        next),
                null);
        assertThat(old.status()).isBetween(400, 499);
        JsonNode recovered = data(sdk(
                "POST",
                "/b2b/recovery_codes/recover",
                json(
                        "organization_id",
                        orgId,
                        "member_id",
                        memberId,
                        "recovery_code",
                        fresh,
                        "intermediate_session_token",
                        next,
                        "session_duration_minutes",
                        60),
                null));
        assertThat(recovered.path("session_token").asText()).isNotBlank();
    }

    @Test
    void invitesGoToTheSessionsOwnOrganizationWithinItsRoles() {
        String domain = LoginFlow.unique("inv") + ".test";
        Login me = login(domain);
        Login other = login(LoginFlow.unique("other") + ".test");
        String invitee = LoginFlow.unique("new") + "@" + domain;

        ApiResponse plain =
                sdk("POST", "/b2b/magic_links/email/invite", json("email_address", invitee), me.sessionToken());
        assertThat(plain.status()).as(plain.toString()).isEqualTo(403);
        assertThat(sdk("POST", "/b2b/magic_links/email/invite", json("email_address", invitee), null)
                        .status())
                .isEqualTo(401);

        makeAdmin(me);
        JsonNode invited = data(sdk(
                "POST",
                "/b2b/magic_links/email/invite",
                json("email_address", invitee, "name", "New One", "organization_id", other.organizationId()),
                me.sessionToken()));
        assertThat(invited.path("member").path("organization_id").asText()).isEqualTo(me.organizationId());
        assertThat(invited.path("member").path("status").asText()).isEqualTo("invited");
        assertThat(flow.awaitLink(invitee)).isNotBlank();
    }

    @Test
    void theOrganizationIsChangedAndDeletedOnlyWithinTheMembersRoles() {
        Login me = login(LoginFlow.unique("org") + ".test");
        ApiResponse plain =
                sdk("PUT", "/b2b/organizations/me", json("organization_name", "Renamed"), me.sessionToken());
        assertThat(plain.status()).as(plain.toString()).isEqualTo(403);
        assertThat(sdk("DELETE", "/b2b/organizations/me", null, me.sessionToken())
                        .status())
                .isEqualTo(403);
        assertThat(sdk("PUT", "/b2b/organizations/me", json("organization_name", "Renamed"), null)
                        .status())
                .isEqualTo(401);

        makeAdmin(me);
        JsonNode renamed =
                data(sdk("PUT", "/b2b/organizations/me", json("organization_name", "Renamed"), me.sessionToken()));
        assertThat(renamed.path("organization").path("organization_name").asText())
                .isEqualTo("Renamed");
        ApiResponse trusted =
                sdk("PUT", "/b2b/organizations/me", json("trusted_metadata", Map.of("plan", "x")), me.sessionToken());
        assertThat(trusted.status()).isBetween(400, 499);

        JsonNode deleted = data(sdk("DELETE", "/b2b/organizations/me", null, me.sessionToken()));
        assertThat(deleted.path("organization_id").asText()).isEqualTo(me.organizationId());
        assertThat(server.client()
                        .get("/v1/b2b/organizations/" + me.organizationId())
                        .status())
                .isEqualTo(404);
        assertThat(sdk("GET", "/b2b/organizations/me", null, me.sessionToken()).status())
                .isEqualTo(404);
    }

    @Test
    void thePublicTokenAloneReachesNoFurtherCall() {
        for (String[] call : new String[][] {
            {"POST", "/b2b/sessions/exchange"}, {"POST", "/b2b/magic_links/email/invite"},
            {"POST", "/b2b/recovery_codes/rotate"}, {"GET", "/b2b/recovery_codes"},
            {"PUT", "/b2b/organizations/me"}, {"DELETE", "/b2b/organizations/me"},
            {"POST", "/b2b/otps/sms/authenticate"}, {"POST", "/b2b/totp/authenticate"},
            {"POST", "/b2b/recovery_codes/recover"}
        }) {
            Object body = call[0].equals("GET") || call[0].equals("DELETE")
                    ? null
                    : json(
                            "organization_id",
                            "organization-test-00000000-0000-4000-8000-000000000000",
                            "member_id",
                            "member-test-00000000-0000-4000-8000-000000000000",
                            "email_address",
                            "x@nowhere.test",
                            "code",
                            "123456",
                            "recovery_code",
                            "abcd-efgh-ijkl");
            ApiResponse r = sdk(call[0], call[1], body, null);
            assertThat(r.status()).as(call[1]).isEqualTo(401);
            assertThat(r.errorType()).as(call[1]).isEqualTo("unauthorized_credentials");
        }
    }
}
