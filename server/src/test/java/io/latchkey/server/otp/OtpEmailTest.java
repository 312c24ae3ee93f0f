package io.latchkey.server.otp;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.MfaFlow.email;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email one-time passcodes over HTTP: a primary factor under the organization's rules. */
class OtpEmailTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static MfaFlow mfa;

    @BeforeAll
    static void start() {
        api = server.client();
        mfa = new MfaFlow(server);
    }

    static ApiResponse send(String orgId, String email, Object... extra) {
        return api.post(
                "/v1/b2b/otps/email/login_or_signup",
                MfaFlow.with(json("organization_id", orgId, "email_address", email), extra));
    }

    static ApiResponse authenticate(String orgId, String email, String code, Object... extra) {
        return api.post(
                "/v1/b2b/otps/email/authenticate",
                MfaFlow.with(json("organization_id", orgId, "email_address", email, "code", code), extra));
    }

    @Test
    void signupByCodeThenSessionWithAnEmailOtpFactor() {
        String orgId = mfa.login()
                .organizationAllowing("acme.test")
                .path("organization_id")
                .asText();
        String email = email("acme.test");
        ApiResponse sent = send(orgId, email);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.body().path("member_created").asBoolean()).isTrue();
        assertThat(sent.body().path("member").path("status").asText()).isEqualTo("pending");

        ApiResponse mailbox = api.as(null, null).get("/dev/mailbox/messages?to=" + email);
        JsonNode mail = mailbox.body().get(0);
        assertThat(mail.path("kind").asText()).isEqualTo("email");
        assertThat(mail.path("subject").asText()).contains("verification code");
        assertThat(mail.path("text").asText()).contains("It expires in 10 minutes");

        ApiResponse r = authenticate(orgId, email, mfa.awaitEmailCode(email), "session_duration_minutes", 30);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.path("member_authenticated").asBoolean()).isTrue();
        assertThat(b.path("intermediate_session_token").asText()).isEmpty();
        assertThat(b.path("member").path("status").asText()).isEqualTo("active");
        assertThat(b.path("member").path("email_address_verified").asBoolean()).isTrue();
        assertThat(b.path("method_id").asText()).startsWith("email-test-");
        assertThat(b.path("organization_id").asText()).isEqualTo(orgId);
        JsonNode factor =
                b.path("member_session").path("authentication_factors").get(0);
        assertThat(factor.path("type").asText()).isEqualTo("email_otp");
        assertThat(factor.path("delivery_method").asText()).isEqualTo("email");
        assertThat(factor.path("email_factor").path("email_address").asText()).isEqualTo(email);

        // A second code for the now active member is a login.
        assertThat(send(orgId, email).body().path("member_created").asBoolean()).isFalse();
    }

    @Test
    void whereMfaIsRequiredTheCodeGivesAnIntermediateSessionThatSmsCompletes() {
        String orgId = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        String email = email("acme.test");
        send(orgId, email);
        ApiResponse r = authenticate(orgId, email, mfa.awaitEmailCode(email));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isFalse();
        assertThat(r.text("session_token")).isEmpty();
        assertThat(r.body().has("member_session")).isFalse();
        assertThat(r.body().path("mfa_required").path("member_options").has("totp_registration_id"))
                .isTrue();
        assertThat(r.text("intermediate_session_token_expires_at")).isNotEmpty();

        String ist = r.text("intermediate_session_token");
        String memberId = r.text("member_id");
        String phone = MfaFlow.uniquePhone();
        mfa.sendSms(orgId, memberId, phone, "intermediate_session_token", ist);
        ApiResponse done =
                mfa.authenticateSms(orgId, memberId, mfa.awaitSmsCode(phone), "intermediate_session_token", ist);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        JsonNode factors = done.body().path("member_session").path("authentication_factors");
        assertThat(factors.get(0).path("type").asText()).isEqualTo("email_otp");
        assertThat(factors.get(1).path("type").asText()).isEqualTo("otp");
    }

    @Test
    void aWrongCodeIsNotFoundAndAUsedOrExpiredOneIsRefused() {
        String orgId = mfa.login()
                .organizationAllowing("acme.test")
                .path("organization_id")
                .asText();
        String email = email("acme.test");
        send(orgId, email);
        String code = mfa.awaitEmailCode(email);
        assertError(authenticate(orgId, email, code.equals("000000") ? "999999" : "000000"), 404, "otp_code_not_found");
        assertThat(authenticate(orgId, email, code).status()).isEqualTo(200);
        assertError(authenticate(orgId, email, code), 401, "unable_to_auth_otp_code");

        send(orgId, email, "login_expiration_minutes", 2);
        String shortLived = mfa.awaitCodes("email", email, 1).get(0);
        server.clock().advance(Duration.ofMinutes(2).plusSeconds(1));
        assertError(authenticate(orgId, email, shortLived), 401, "unable_to_auth_otp_code");
        assertError(authenticate(orgId, "nobody@acme.test", "123456"), 404, "otp_code_not_found");
    }

    @Test
    void organizationRulesApplyAsForMagicLinks() {
        String restricted = mfa.login()
                .organizationAllowing(
                        "acme.test", "auth_methods", "RESTRICTED", "allowed_auth_methods", List.of("magic_link"))
                .path("organization_id")
                .asText();
        assertError(send(restricted, email("acme.test")), 403, "unauthorized_auth_method");
        String allowing = mfa.login()
                .organizationAllowing("acme.test")
                .path("organization_id")
                .asText();
        assertError(send(allowing, email("other.test")), 403, "invalid_email_for_jit_provisioning");
        assertError(
                send(allowing, email("acme.test"), "signup_expiration_minutes", 16), 400, "invalid_expiration_minutes");
        assertError(send(allowing, "not-an-email"), 400, "invalid_email");
    }
}
