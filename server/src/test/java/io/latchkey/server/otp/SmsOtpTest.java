package io.latchkey.server.otp;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.MfaFlow.email;
import static io.latchkey.server.testing.MfaFlow.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMS one-time passcodes over HTTP: sending, completing MFA, step-up, and what is refused. */
class SmsOtpTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static MfaFlow mfa;

    @BeforeAll
    static void start() {
        api = server.client();
        mfa = new MfaFlow(server);
    }

    /** A member stopped at MFA: organization id, member id, IST. */
    record Pending(String organizationId, String memberId, String email, String ist) {}

    static Pending pending(Object... organizationSettings) {
        String orgId = mfa.mfaOrganization("acme.test", organizationSettings)
                .path("organization_id")
                .asText();
        String email = email("acme.test");
        JsonNode b = mfa.primaryFactorOnly(orgId, email);
        return new Pending(
                orgId,
                b.path("member_id").asText(),
                email,
                b.path("intermediate_session_token").asText());
    }

    @Test
    void requiredForAllMagicLinkThenSmsThenFullSessionWithBothFactors() {
        String orgId = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        String email = email("acme.test");
        JsonNode primary = mfa.primaryFactorOnly(orgId, email);
        assertThat(primary.path("mfa_required")
                        .path("member_options")
                        .path("mfa_phone_number")
                        .asText())
                .isEmpty();
        assertThat(primary.path("session_token").asText()).isEmpty();
        String memberId = primary.path("member_id").asText();
        String ist = primary.path("intermediate_session_token").asText();

        String phone = uniquePhone();
        ApiResponse sent = mfa.sendSms(orgId, memberId, phone, "intermediate_session_token", ist);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.body().path("member").path("mfa_phone_number").asText()).isEqualTo(phone);
        assertThat(sent.body().path("member").path("mfa_phone_number_verified").asBoolean())
                .isFalse();
        assertThat(sent.text("member_id")).isEqualTo(memberId);

        String code = mfa.awaitSmsCode(phone);
        ApiResponse r = mfa.authenticateSms(
                orgId, memberId, code, "intermediate_session_token", ist, "session_duration_minutes", 90);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.path("session_token").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(b.path("session_jwt").asText()).contains(".");
        assertThat(b.path("member").path("mfa_phone_number_verified").asBoolean())
                .isTrue();
        assertThat(b.path("member").path("mfa_enrolled").asBoolean()).isTrue();
        assertThat(b.path("member").path("default_mfa_method").asText()).isEqualTo("sms_otp");
        JsonNode factors = b.path("member_session").path("authentication_factors");
        assertThat(factors).hasSize(2);
        assertThat(factors.get(0).path("type").asText()).isEqualTo("magic_link");
        assertThat(factors.get(0).path("delivery_method").asText()).isEqualTo("email");
        assertThat(factors.get(1).path("type").asText()).isEqualTo("otp");
        assertThat(factors.get(1).path("delivery_method").asText()).isEqualTo("sms");
        assertThat(factors.get(1)
                        .path("phone_number_factor")
                        .path("phone_number")
                        .asText())
                .isEqualTo(phone);
        assertThat(factors.get(1).path("phone_number_factor").path("phone_id").asText())
                .startsWith("phone-number-test-");

        // The session stands on its own afterwards, with both factors.
        ApiResponse check = api.post(
                "/v1/b2b/sessions/authenticate",
                json("session_token", b.path("session_token").asText()));
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        assertThat(check.body().path("member_session").path("authentication_factors"))
                .hasSize(2);

        // The next login offers the verified number.
        JsonNode next = mfa.primaryFactorOnly(orgId, email);
        assertThat(next.path("mfa_required")
                        .path("member_options")
                        .path("mfa_phone_number")
                        .asText())
                .isEqualTo(phone);
    }

    @Test
    void smsMessageIsKindSmsToTheNormalisedNumberWithTheCode() {
        Pending p = pending();
        String phone = uniquePhone();
        String written = phone.substring(0, 2) + " (" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-"
                + phone.substring(8);
        ApiResponse sent =
                mfa.sendSms(p.organizationId(), p.memberId(), written, "intermediate_session_token", p.ist());
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.body().path("member").path("mfa_phone_number").asText()).isEqualTo(phone);
        ApiResponse mailbox = api.as(null, null).get("/dev/mailbox/messages?to=%2B" + phone.substring(1));
        JsonNode message = mailbox.body().get(0);
        assertThat(message.path("kind").asText()).isEqualTo("sms");
        assertThat(message.path("to").asText()).isEqualTo(phone);
        assertThat(message.path("text").asText())
                .matches("\\d{6} is your .* verification code\\. It expires in 5 minutes\\.");
    }

    @Test
    void istIsSingleUseAndTheCodeStaysUsableAfterARefusal() {
        Pending p = pending();
        String phone = uniquePhone();
        mfa.sendSms(p.organizationId(), p.memberId(), phone, "intermediate_session_token", p.ist());
        ApiResponse first = mfa.authenticateSms(
                p.organizationId(), p.memberId(), mfa.awaitSmsCode(phone), "intermediate_session_token", p.ist());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);

        // A verified number needs no token to send to.
        assertThat(mfa.sendSms(p.organizationId(), p.memberId(), null).status()).isEqualTo(200);
        String code = mfa.awaitSmsCode(phone);
        assertError(
                mfa.authenticateSms(p.organizationId(), p.memberId(), code, "intermediate_session_token", p.ist()),
                404,
                "intermediate_session_not_found");
        // The refusal came before the code was looked at: it still works, here as a step-up.
        ApiResponse stepUp = mfa.authenticateSms(
                p.organizationId(), p.memberId(), code, "session_token", first.text("session_token"));
        assertThat(stepUp.status()).as(stepUp.toString()).isEqualTo(200);
        assertThat(stepUp.text("session_token")).isEqualTo(first.text("session_token"));
        assertThat(stepUp.body()
                        .path("member_session")
                        .path("member_session_id")
                        .asText())
                .isEqualTo(first.body()
                        .path("member_session")
                        .path("member_session_id")
                        .asText());
    }

    @Test
    void anotherProjectsIntermediateSessionIsRefused() {
        Pending mine = pending();
        NewProject other = server.newProject("Other " + LoginFlow.unique("n"));
        ApiClient otherApi = server.clientFor(other);
        String otherOrg = otherApi.post(
                        "/v1/b2b/organizations",
                        json("organization_name", "Other org", "organization_slug", LoginFlow.unique("n")))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        String phone = uniquePhone();
        ApiResponse member = otherApi.post(
                "/v1/b2b/organizations/" + otherOrg + "/members",
                json("email_address", email("other.test"), "mfa_phone_number", phone));
        String otherMember = member.body().path("member_id").asText();
        assertThat(otherApi.post("/v1/b2b/otps/sms/send", json("organization_id", otherOrg, "member_id", otherMember))
                        .status())
                .isEqualTo(200);
        String code = mfa.awaitSmsCode(phone);
        ApiResponse r = otherApi.post(
                "/v1/b2b/otps/sms/authenticate",
                json(
                        "organization_id",
                        otherOrg,
                        "member_id",
                        otherMember,
                        "code",
                        code,
                        "intermediate_session_token",
                        mine.ist()));
        assertError(r, 404, "intermediate_session_not_found");
        // And this project's organization does not exist for the other project.
        assertError(
                otherApi.post(
                        "/v1/b2b/otps/sms/send",
                        json(
                                "organization_id",
                                mine.organizationId(),
                                "member_id",
                                mine.memberId(),
                                "mfa_phone_number",
                                uniquePhone())),
                404,
                "organization_not_found");
    }

    @Test
    void anotherMembersIntermediateSessionIsRefused() {
        Pending alice = pending();
        JsonNode bob = mfa.primaryFactorOnly(alice.organizationId(), email("acme.test"));
        String phone = uniquePhone();
        assertError(
                mfa.sendSms(
                        alice.organizationId(),
                        bob.path("member_id").asText(),
                        phone,
                        "intermediate_session_token",
                        alice.ist()),
                400,
                "invalid_intermediate_session_token_for_organization");
    }

    @Test
    void wrongCodeThenRightCode() {
        Pending p = pending();
        String phone = uniquePhone();
        mfa.sendSms(p.organizationId(), p.memberId(), phone, "intermediate_session_token", p.ist());
        String code = mfa.awaitSmsCode(phone);
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertError(
                mfa.authenticateSms(p.organizationId(), p.memberId(), wrong, "intermediate_session_token", p.ist()),
                404,
                "otp_code_not_found");
        ApiResponse ok =
                mfa.authenticateSms(p.organizationId(), p.memberId(), code, "intermediate_session_token", p.ist());
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertError(
                mfa.authenticateSms(p.organizationId(), p.memberId(), code, "session_token", ok.text("session_token")),
                401,
                "unable_to_auth_otp_code");
    }

    @Test
    void aNewCodeReplacesTheOlderOne() {
        Pending p = pending();
        String phone = uniquePhone();
        mfa.sendSms(p.organizationId(), p.memberId(), phone, "intermediate_session_token", p.ist());
        mfa.sendSms(p.organizationId(), p.memberId(), phone, "intermediate_session_token", p.ist());
        List<String> codes = mfa.awaitCodes("sms", phone, 2);
        if (!codes.get(0).equals(codes.get(1))) {
            assertError(
                    mfa.authenticateSms(
                            p.organizationId(), p.memberId(), codes.get(1), "intermediate_session_token", p.ist()),
                    404,
                    "otp_code_not_found");
        }
        assertThat(mfa.authenticateSms(
                                p.organizationId(), p.memberId(), codes.get(0), "intermediate_session_token", p.ist())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anExpiredCodeIsRefused() {
        Pending p = pending();
        String phone = uniquePhone();
        mfa.sendSms(p.organizationId(), p.memberId(), phone, "intermediate_session_token", p.ist());
        String code = mfa.awaitSmsCode(phone);
        server.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
        assertError(
                mfa.authenticateSms(p.organizationId(), p.memberId(), code, "intermediate_session_token", p.ist()),
                401,
                "unable_to_auth_otp_code");
    }

    @Test
    void sendRefusesAnotherNumberThanTheMembersAndAcceptsTheSameInAnyNotation() {
        Pending p = pending();
        String phone = uniquePhone();
        mfa.sendSms(p.organizationId(), p.memberId(), phone, "intermediate_session_token", p.ist());
        assertError(
                mfa.sendSms(p.organizationId(), p.memberId(), uniquePhone(), "intermediate_session_token", p.ist()),
                400,
                "member_phone_number_already_set");
        String spaced = phone.substring(0, 2) + " " + phone.substring(2);
        assertThat(mfa.sendSms(p.organizationId(), p.memberId(), spaced, "intermediate_session_token", p.ist())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void sendRefusesAnInvalidNumberAndAMemberWithoutOne() {
        Pending p = pending();
        assertError(
                mfa.sendSms(p.organizationId(), p.memberId(), "12345", "intermediate_session_token", p.ist()),
                400,
                "invalid_phone_number");
        assertError(
                mfa.sendSms(p.organizationId(), p.memberId(), null, "intermediate_session_token", p.ist()),
                404,
                "member_phone_number_not_found");
    }

    @Test
    void anotherMembersNumberIsRefused() {
        Pending alice = pending();
        String phone = uniquePhone();
        mfa.sendSms(alice.organizationId(), alice.memberId(), phone, "intermediate_session_token", alice.ist());
        JsonNode bob = mfa.primaryFactorOnly(alice.organizationId(), email("acme.test"));
        assertError(
                mfa.sendSms(
                        alice.organizationId(),
                        bob.path("member_id").asText(),
                        phone,
                        "intermediate_session_token",
                        bob.path("intermediate_session_token").asText()),
                400,
                "duplicate_member_phone_number");
    }

    @Test
    void authenticateNeedsExactlyOneSessionArgument() {
        Pending p = pending();
        assertError(mfa.authenticateSms(p.organizationId(), p.memberId(), "123456"), 400, "no_session_arguments");
        assertError(
                mfa.authenticateSms(
                        p.organizationId(),
                        p.memberId(),
                        "123456",
                        "intermediate_session_token",
                        p.ist(),
                        "session_token",
                        "x"),
                400,
                "too_many_session_arguments");
        assertError(
                api.post(
                        "/v1/b2b/otps/sms/authenticate",
                        json(
                                "organization_id",
                                p.organizationId(),
                                "member_id",
                                p.memberId(),
                                "intermediate_session_token",
                                p.ist())),
                400,
                "missing_required_field");
    }

    @Test
    void organizationRestrictedToTotpRefusesSms() {
        Pending p = pending("mfa_methods", "RESTRICTED", "allowed_mfa_methods", List.of("totp"));
        assertError(
                mfa.sendSms(p.organizationId(), p.memberId(), uniquePhone(), "intermediate_session_token", p.ist()),
                403,
                "operation_restricted_by_organization_mfa_methods");
    }

    @Test
    void optionalPolicyEnrollsAndUnenrollsOnRequest() {
        String orgId = mfa.login()
                .organizationAllowing("acme.test")
                .path("organization_id")
                .asText();
        String email = email("acme.test");
        ApiResponse login = mfa.login().signUpAndAuthenticate(orgId, email);
        assertThat(login.body().path("member_authenticated").asBoolean()).isTrue();
        String memberId = login.text("member_id");
        String token = login.text("session_token");
        String phone = uniquePhone();
        assertThat(mfa.sendSms(orgId, memberId, phone, "session_token", token).status())
                .isEqualTo(200);
        ApiResponse enrolled = mfa.authenticateSms(
                orgId, memberId, mfa.awaitSmsCode(phone), "session_token", token, "set_mfa_enrollment", "enroll");
        assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(200);
        assertThat(enrolled.body().path("member").path("mfa_enrolled").asBoolean())
                .isTrue();
        assertThat(enrolled.body().path("member_session").path("authentication_factors"))
                .hasSize(2);

        // Enrolled, the next magic-link login stops at MFA.
        String ist = mfa.newIntermediateSession(orgId, email);
        assertThat(mfa.sendSms(orgId, memberId, null, "intermediate_session_token", ist)
                        .status())
                .isEqualTo(200);
        ApiResponse unenrolled = mfa.authenticateSms(
                orgId,
                memberId,
                mfa.awaitSmsCode(phone),
                "intermediate_session_token",
                ist,
                "set_mfa_enrollment",
                "unenroll");
        assertThat(unenrolled.body().path("member").path("mfa_enrolled").asBoolean())
                .isFalse();
        assertError(
                mfa.authenticateSms(orgId, memberId, "123456", "session_token", token, "set_mfa_enrollment", "maybe"),
                400,
                "invalid_mfa_enrollment");
    }

    @Test
    void aMemberWithActiveTotpAddsAPhoneOnlyFromASessionThatCompletedMfa() {
        Pending p = pending();
        ApiResponse created = api.post(
                "/v1/b2b/totp",
                json(
                        "organization_id",
                        p.organizationId(),
                        "member_id",
                        p.memberId(),
                        "intermediate_session_token",
                        p.ist()));
        String secret = created.text("secret");
        ApiResponse totp = api.post(
                "/v1/b2b/totp/authenticate",
                json(
                        "organization_id",
                        p.organizationId(),
                        "member_id",
                        p.memberId(),
                        "code",
                        MfaFlow.totp(secret, server.clock().instant()),
                        "intermediate_session_token",
                        p.ist()));
        assertThat(totp.status()).as(totp.toString()).isEqualTo(200);

        String ist = mfa.newIntermediateSession(p.organizationId(), p.email());
        String phone = uniquePhone();
        assertError(
                mfa.sendSms(p.organizationId(), p.memberId(), phone, "intermediate_session_token", ist),
                400,
                "insufficient_factors");
        assertError(mfa.sendSms(p.organizationId(), p.memberId(), phone), 400, "insufficient_factors");
        assertThat(mfa.sendSms(p.organizationId(), p.memberId(), phone, "session_token", totp.text("session_token"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void codesAreNeverStoredInClear() {
        Pending p = pending();
        String phone = uniquePhone();
        mfa.sendSms(p.organizationId(), p.memberId(), phone, "intermediate_session_token", p.ist());
        String code = mfa.awaitSmsCode(phone);
        Map<String, List<String>> rows = DbSnapshot.of(server.app().database(), "otp_codes", "mail_outbox");
        assertThat(rows.get("otp_codes")).isNotEmpty();
        assertThat(rows.toString()).doesNotContain(" is your ").doesNotContain("code_hash=" + code);
        for (String row : rows.get("otp_codes")) {
            String hash = row.replaceAll(".*code_hash=([^;]*);.*", "$1");
            assertThat(hash).matches("[0-9a-f]{64}").doesNotContain(code);
        }
    }
}
