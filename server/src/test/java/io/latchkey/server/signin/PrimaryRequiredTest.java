package io.latchkey.server.signin;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An organization's allowed primary methods ({@code auth_methods: RESTRICTED}) hold on every path
 * into it: a session moved by {@code sessions.exchange}, and an intermediate session handed out
 * because the method was refused, which must not lead to a session through a second factor.
 */
class PrimaryRequiredTest {
    private static final String PRIMARY_REQUIRED = "action_available_only_once_primary_authentication_is_met";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static MfaFlow mfa;
    static LoginFlow flow;
    static ApiClient api;

    @BeforeAll
    static void start() {
        mfa = new MfaFlow(server);
        flow = mfa.login();
        api = server.client();
    }

    /** A member of an open organization, signed in there by magic link, and of a strict one. */
    record Setup(String email, String sessionToken, String strictOrg, String strictMember) {}

    static Setup memberOfAnOpenAndAStrictOrganization(boolean breakglass, Object... strictSettings) {
        String domain = unique("acme") + ".test";
        String email = unique("ada") + "@" + domain;
        String open = flow.organizationAllowing(domain).path("organization_id").asText();
        JsonNode login = flow.signUpAndAuthenticate(open, email).body();
        Object[] settings = new Object[strictSettings.length + 4];
        settings[0] = "auth_methods";
        settings[1] = "RESTRICTED";
        settings[2] = "allowed_auth_methods";
        settings[3] = List.of("email_otp");
        System.arraycopy(strictSettings, 0, settings, 4, strictSettings.length);
        String strict = flow.organizationAllowing(domain, settings)
                .path("organization_id")
                .asText();
        ApiResponse created = api.post(
                "/v1/b2b/organizations/" + strict + "/members",
                json("email_address", email, "is_breakglass", breakglass));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return new Setup(
                email,
                login.path("session_token").asText(),
                strict,
                created.body().path("member").path("member_id").asText());
    }

    static ApiResponse exchange(Setup s) {
        return api.post(
                "/v1/b2b/sessions/exchange", json("organization_id", s.strictOrg(), "session_token", s.sessionToken()));
    }

    static String primaryRequiredIst(Setup s) {
        ApiResponse r = exchange(s);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean())
                .as(r.toString())
                .isFalse();
        return r.text("intermediate_session_token");
    }

    @Test
    void sessionExchangeIntoAnOrganizationThatRefusesTheMethodAnswersPrimaryRequired() {
        Setup s = memberOfAnOpenAndAStrictOrganization(false);
        ApiResponse r = exchange(s);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean())
                .as(r.toString())
                .isFalse();
        assertThat(r.text("session_token")).isEmpty();
        assertThat(r.text("session_jwt")).isEmpty();
        assertThat(r.body().has("member_session")).isFalse();
        assertThat(r.text("intermediate_session_token")).isNotEmpty();
        assertThat(r.body()
                        .path("primary_required")
                        .path("allowed_auth_methods")
                        .toString())
                .isEqualTo("[\"email_otp\"]");
        assertThat(r.body().has("mfa_required")).isFalse();
        // Nothing is verified or activated by a refused method.
        assertThat(r.body().path("member").path("email_address_verified").asBoolean())
                .isFalse();
        JsonNode sessions = api.get(
                        "/v1/b2b/sessions?organization_id=" + s.strictOrg() + "&member_id=" + s.strictMember())
                .body()
                .path("member_sessions");
        assertThat(sessions).isEmpty();
    }

    @Test
    void primaryRequiredIsFulfilledByAnAllowedMethodWithTheIntermediateSession() {
        Setup s = memberOfAnOpenAndAStrictOrganization(false);
        String ist = primaryRequiredIst(s);
        ApiResponse sent = api.post(
                "/v1/b2b/otps/email/login_or_signup",
                json("organization_id", s.strictOrg(), "email_address", s.email()));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        ApiResponse r = api.post(
                "/v1/b2b/otps/email/authenticate",
                json(
                        "organization_id",
                        s.strictOrg(),
                        "email_address",
                        s.email(),
                        "code",
                        mfa.awaitEmailCode(s.email()),
                        "intermediate_session_token",
                        ist));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isTrue();
        assertThat(r.text("session_token")).isNotEmpty();
        assertThat(r.body()
                        .path("member_session")
                        .path("authentication_factors")
                        .findValuesAsText("type"))
                .containsExactlyInAnyOrder("magic_link", "email_otp");
    }

    @Test
    void breakGlassMembersAreNotBoundByTheAllowedMethods() {
        Setup s = memberOfAnOpenAndAStrictOrganization(true);
        ApiResponse r = exchange(s);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean())
                .as(r.toString())
                .isTrue();
        assertThat(r.text("session_token")).isNotEmpty();
        assertThat(r.body().has("primary_required")).isFalse();
    }

    @Test
    void anIntermediateSessionWithoutAnAllowedPrimaryFactorCannotAddASecondFactor() {
        Setup s = memberOfAnOpenAndAStrictOrganization(false, "mfa_policy", "REQUIRED_FOR_ALL");
        String ist = primaryRequiredIst(s);
        assertError(
                api.post(
                        "/v1/b2b/totp",
                        json(
                                "organization_id",
                                s.strictOrg(),
                                "member_id",
                                s.strictMember(),
                                "intermediate_session_token",
                                ist)),
                400,
                PRIMARY_REQUIRED);
        assertError(
                mfa.sendSms(s.strictOrg(), s.strictMember(), MfaFlow.uniquePhone(), "intermediate_session_token", ist),
                400,
                PRIMARY_REQUIRED);
    }

    @Test
    void anIntermediateSessionWithoutAnAllowedPrimaryFactorCannotCompleteALoginWithASecondFactor() {
        Setup s = memberOfAnOpenAndAStrictOrganization(false, "mfa_policy", "REQUIRED_FOR_ALL");
        String secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        ApiResponse migrated = api.post(
                "/v1/b2b/totp/migrate",
                json("organization_id", s.strictOrg(), "member_id", s.strictMember(), "secret", secret));
        assertThat(migrated.status()).as(migrated.toString()).isEqualTo(200);
        String ist = primaryRequiredIst(s);

        assertError(
                api.post(
                        "/v1/b2b/totp/authenticate",
                        json(
                                "organization_id",
                                s.strictOrg(),
                                "member_id",
                                s.strictMember(),
                                "code",
                                MfaFlow.totp(secret, server.clock().instant()),
                                "intermediate_session_token",
                                ist)),
                400,
                PRIMARY_REQUIRED);
        String recoveryCode = migrated.body().path("recovery_codes").get(0).asText();
        assertError(
                api.post(
                        "/v1/b2b/recovery_codes/recover",
                        json(
                                "organization_id",
                                s.strictOrg(),
                                "member_id",
                                s.strictMember(),
                                "recovery_code",
                                recoveryCode,
                                "intermediate_session_token",
                                ist)),
                400,
                PRIMARY_REQUIRED);
        // Refused before any guess: the code is still unused and the intermediate session unspent.
        ApiResponse codes = api.get("/v1/b2b/recovery_codes/" + s.strictOrg() + "/" + s.strictMember());
        assertThat(codes.body().path("recovery_codes").toString()).contains(recoveryCode);
        ApiResponse sessions =
                api.get("/v1/b2b/sessions?organization_id=" + s.strictOrg() + "&member_id=" + s.strictMember());
        assertThat(sessions.body().path("member_sessions")).isEmpty();
    }
}
