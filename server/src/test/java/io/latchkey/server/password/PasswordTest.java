package io.latchkey.server.password;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.config.PasswordHashing;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Password login, strength policy, resets and hashing over HTTP. */
class PasswordTest {
    static final String GOOD = "Correct-Horse-9";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
    }

    static String email() {
        return LoginFlow.unique("pw") + "@acme.test";
    }

    static String org() {
        return flow.organizationAllowing("acme.test").path("organization_id").asText();
    }

    static ApiResponse authenticate(String orgId, String email, String password, Object... extra) {
        Map<String, Object> body = json("organization_id", orgId, "email_address", email, "password", password);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return api.post("/v1/b2b/passwords/authenticate", body);
    }

    /** A member with {@code password}, set through the emailed reset link. */
    static ApiResponse memberWithPassword(String orgId, String email, String password) {
        return memberWithPassword(api, flow, orgId, email, password);
    }

    /** A member signed up through {@code flow} whose password is then set by a reset through {@code api}. */
    static ApiResponse memberWithPassword(ApiClient api, LoginFlow flow, String orgId, String email, String password) {
        assertThat(flow.signUpAndAuthenticate(orgId, email).status()).isEqualTo(200);
        ApiResponse started =
                api.post("/v1/b2b/passwords/email/reset/start", json("organization_id", orgId, "email_address", email));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String link = flow.awaitLinks(email, 2).get(0);
        assertThat(link).contains("stytch_token_type=multi_tenant_passwords");
        ApiResponse reset = api.post(
                "/v1/b2b/passwords/email/reset",
                json("password_reset_token", LoginFlow.tokenOf(link), "password", password));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        return reset;
    }

    @Test
    void strengthCheckAnswersInStytchsShapeWithBreachDetectionOff() {
        ApiResponse weak = api.post("/v1/b2b/passwords/strength_check", json("password", "abc"));
        assertThat(weak.status()).as(weak.toString()).isEqualTo(200);
        assertThat(weak.body().path("valid_password").asBoolean()).isFalse();
        assertThat(weak.body().path("strength_policy").asText()).isEqualTo("luds");
        assertThat(weak.body().path("breach_detection_on_create").asBoolean()).isFalse();
        assertThat(weak.body().path("breached_password").asBoolean()).isFalse();
        assertThat(weak.body().path("luds_feedback").path("missing_characters").asInt())
                .isEqualTo(5);
        assertThat(weak.body().path("luds_feedback").path("missing_complexity").asInt())
                .isEqualTo(2);
        ApiResponse strong = api.post("/v1/b2b/passwords/strength_check", json("password", GOOD));
        assertThat(strong.body().path("valid_password").asBoolean()).isTrue();
        assertThat(strong.body().path("score").asInt()).isBetween(2, 4);
        assertError(api.post("/v1/b2b/passwords/strength_check", json()), 400, "missing_required_field");
    }

    @Test
    void aResetLinkSetsThePasswordThenItLogsInAndAWrongOneOrAStrangerIsUnauthorized() {
        String orgId = org();
        String email = email();
        ApiResponse reset = memberWithPassword(orgId, email, GOOD);
        assertThat(reset.body().path("member_authenticated").asBoolean()).isTrue();
        assertThat(reset.text("member_email_id")).startsWith("email-test-");
        String passwordId =
                reset.body().path("member").path("member_password_id").asText();
        assertThat(passwordId).startsWith("member-password-test-");

        ApiResponse ok = authenticate(orgId, email, GOOD, "session_duration_minutes", 30);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.body().path("member_authenticated").asBoolean()).isTrue();
        assertThat(ok.text("session_token")).isNotEmpty();
        JsonNode factor =
                ok.body().path("member_session").path("authentication_factors").get(0);
        assertThat(factor.path("type").asText()).isEqualTo("password");
        assertThat(factor.path("delivery_method").asText()).isEqualTo("knowledge");
        assertThat(ok.rawBody()).doesNotContain("argon2");

        assertError(authenticate(orgId, email, GOOD + "x"), 401, "unauthorized_credentials");
        assertError(authenticate(orgId, "nobody-" + email, GOOD), 401, "unauthorized_credentials");
        // A member without a password is refused the same way.
        String other = email();
        assertThat(flow.signUpAndAuthenticate(orgId, other).status()).isEqualTo(200);
        assertError(authenticate(orgId, other, GOOD), 401, "unauthorized_credentials");
    }

    @Test
    void aResetLinkWorksOnceAndAWeakPasswordIsRefusedWithoutSpendingIt() {
        String orgId = org();
        String email = email();
        assertThat(flow.signUpAndAuthenticate(orgId, email).status()).isEqualTo(200);
        api.post("/v1/b2b/passwords/email/reset/start", json("organization_id", orgId, "email_address", email));
        String token = LoginFlow.tokenOf(flow.awaitLinks(email, 2).get(0));
        assertError(
                api.post("/v1/b2b/passwords/email/reset", json("password_reset_token", token, "password", "weak")),
                400,
                "weak_password");
        assertThat(api.post("/v1/b2b/passwords/email/reset", json("password_reset_token", token, "password", GOOD))
                        .status())
                .isEqualTo(200);
        assertError(
                api.post("/v1/b2b/passwords/email/reset", json("password_reset_token", token, "password", GOOD)),
                401,
                "unable_to_auth_magic_link");
        assertError(
                api.post("/v1/b2b/passwords/email/reset", json("password_reset_token", "nope", "password", GOOD)),
                404,
                "magic_link_not_found");
        assertError(
                api.post(
                        "/v1/b2b/passwords/email/reset/start",
                        json(
                                "organization_id",
                                orgId,
                                "email_address",
                                email,
                                "reset_password_redirect_url",
                                "https://evil.example/x")),
                400,
                "invalid_reset_password_redirect_url");
    }

    @Test
    void anExpiredResetLinkIsRefused() {
        String orgId = org();
        String email = email();
        assertThat(flow.signUpAndAuthenticate(orgId, email).status()).isEqualTo(200);
        api.post(
                "/v1/b2b/passwords/email/reset/start",
                json("organization_id", orgId, "email_address", email, "reset_password_expiration_minutes", 5));
        String token = LoginFlow.tokenOf(flow.awaitLinks(email, 2).get(0));
        server.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
        assertError(
                api.post("/v1/b2b/passwords/email/reset", json("password_reset_token", token, "password", GOOD)),
                401,
                "unable_to_auth_magic_link");
    }

    @Test
    void requireResetRefusesTheRightPasswordUntilAnEmailReset() {
        String orgId = org();
        String email = email();
        memberWithPassword(orgId, email, GOOD);
        ApiResponse required = api.post(
                "/v1/b2b/passwords/email/require_reset", json("organization_id", orgId, "email_address", email));
        assertThat(required.status()).as(required.toString()).isEqualTo(200);
        assertError(authenticate(orgId, email, GOOD), 400, "reset_password");
        assertError(authenticate(orgId, email, "Wrong-Horse-9"), 401, "unauthorized_credentials");
    }

    @Test
    void existingPasswordAndSessionResetsChangeThePassword() {
        String orgId = org();
        String email = email();
        memberWithPassword(orgId, email, GOOD);
        String second = "Second-Horse-7";
        assertError(
                api.post(
                        "/v1/b2b/passwords/existing_password/reset",
                        json(
                                "organization_id",
                                orgId,
                                "email_address",
                                email,
                                "existing_password",
                                "Wrong-Horse-9",
                                "new_password",
                                second)),
                401,
                "unauthorized_credentials");
        ApiResponse changed = api.post(
                "/v1/b2b/passwords/existing_password/reset",
                json(
                        "organization_id",
                        orgId,
                        "email_address",
                        email,
                        "existing_password",
                        GOOD,
                        "new_password",
                        second));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertError(authenticate(orgId, email, GOOD), 401, "unauthorized_credentials");

        String session = changed.text("session_token");
        String third = "Third-Horse-5";
        ApiResponse fromSession = api.post(
                "/v1/b2b/passwords/session/reset",
                json("organization_id", orgId, "password", third, "session_token", session));
        assertThat(fromSession.status()).as(fromSession.toString()).isEqualTo(200);
        assertThat(fromSession.text("session_token")).isEqualTo(session);
        assertThat(authenticate(orgId, email, third).status()).isEqualTo(200);
        assertError(
                api.post(
                        "/v1/b2b/passwords/session/reset",
                        json("organization_id", orgId, "password", third, "session_token", "nope")),
                404,
                "session_not_found");
    }

    @Test
    void whereMfaIsRequiredAPasswordGivesAnIntermediateSession() {
        String orgId = flow.organizationAllowing("acme.test", "mfa_policy", "REQUIRED_FOR_ALL")
                .path("organization_id")
                .asText();
        String email = email();
        ApiResponse reset = memberWithPassword(orgId, email, GOOD);
        assertThat(reset.body().path("member_authenticated").asBoolean()).isFalse();
        ApiResponse r = authenticate(orgId, email, GOOD);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isFalse();
        assertThat(r.text("intermediate_session_token")).isNotEmpty();
        assertThat(r.text("session_token")).isEmpty();
    }

    @Test
    void anOrganizationWithoutPasswordsRefusesThem() {
        String orgId = flow.organizationAllowing(
                        "acme.test",
                        "auth_methods",
                        "RESTRICTED",
                        "allowed_auth_methods",
                        java.util.List.of("magic_link"))
                .path("organization_id")
                .asText();
        assertError(authenticate(orgId, email(), GOOD), 403, "unauthorized_auth_method");
    }

    @Test
    void aHashMadeWithOlderParametersIsUpgradedAtTheNextLogin() {
        String orgId = org();
        String email = email();
        memberWithPassword(orgId, email, GOOD);
        String memberId = memberId(orgId, email);
        assertThat(storedHash(memberId)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        PasswordHashing stronger = PasswordHashing.defaults().withArgon2(19456, 3, 1);
        var node = server.startNode(o -> o.withPasswordHashing(stronger));
        ApiClient second = new ApiClient(TestServer.baseUrlOf(node), server.projectId(), server.secret());
        ApiResponse r = second.post(
                "/v1/b2b/passwords/authenticate",
                json("organization_id", orgId, "email_address", email, "password", GOOD));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(storedHash(memberId)).startsWith("$argon2id$v=19$m=19456,t=3,p=1$");
        assertThat(authenticate(orgId, email, GOOD).status()).isEqualTo(200);
    }

    static String memberId(String orgId, String email) {
        return server.app()
                .database()
                .read(tx -> tx.queryOne(
                                "SELECT member_id FROM members WHERE organization_id = ? AND email_address = ?",
                                rs -> rs.getString(1),
                                orgId,
                                email)
                        .orElseThrow());
    }

    static String storedHash(String memberId) {
        return storedHashOf(server, memberId);
    }

    static String storedHashOf(TestServer server, String memberId) {
        return server.app()
                .database()
                .read(tx -> tx.queryOne(
                                "SELECT hash FROM member_passwords WHERE member_id = ?",
                                rs -> rs.getString(1),
                                memberId)
                        .orElseThrow());
    }
}
