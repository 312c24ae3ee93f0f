package io.latchkey.server.totp;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.MfaFlow.email;
import static io.latchkey.server.testing.MfaFlow.totp;
import static io.latchkey.server.testing.MfaFlow.totpAtStep;
import static io.latchkey.server.testing.MfaFlow.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TOTP registrations over HTTP: create, authenticate (codes computed by the test), migrate. */
class TotpTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static MfaFlow mfa;

    @BeforeAll
    static void start() {
        api = server.client();
        mfa = new MfaFlow(server);
    }

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

    static ApiResponse create(Pending p, Object... extra) {
        return api.post(
                "/v1/b2b/totp",
                MfaFlow.with(json("organization_id", p.organizationId(), "member_id", p.memberId()), extra));
    }

    static ApiResponse authenticate(Pending p, String code, Object... tokens) {
        return api.post(
                "/v1/b2b/totp/authenticate",
                MfaFlow.with(
                        json("organization_id", p.organizationId(), "member_id", p.memberId(), "code", code), tokens));
    }

    static Instant now() {
        return server.clock().instant();
    }

    @Test
    void createReturnsASecretItsQrCodeAndTenRecoveryCodes() throws Exception {
        Pending p = pending();
        ApiResponse r = create(p, "intermediate_session_token", p.ist(), "expiration_minutes", 30);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode b = r.body();
        String id = b.path("totp_registration_id").asText();
        assertThat(id).matches("totp-registration-test-[0-9a-f-]{36}");
        assertThat(b.path("member_id").asText()).isEqualTo(p.memberId());
        String secret = b.path("secret").asText();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(b.path("recovery_codes")).hasSize(10);
        b.path("recovery_codes").forEach(c -> assertThat(c.asText()).matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}"));
        // Pending until its first code: the member has no TOTP yet.
        assertThat(b.path("member").path("totp_registration_id").asText()).isEmpty();

        String qr = b.path("qr_code").asText();
        assertThat(qr).startsWith("data:image/png;base64,");
        BufferedImage image = ImageIO.read(
                new ByteArrayInputStream(Base64.getDecoder().decode(qr.substring("data:image/png;base64,".length()))));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String uri = new QRCodeReader()
                .decode(new BinaryBitmap(
                        new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
                .getText();
        assertThat(uri)
                .startsWith("otpauth://totp/")
                .contains("secret=" + secret)
                .contains("issuer=Org%20")
                .contains(p.email().replace("@", "%40"))
                .contains("digits=6")
                .contains("period=30");
    }

    @Test
    void authenticateWithTheIntermediateSessionMintsASessionWithBothFactors() {
        Pending p = pending();
        ApiResponse created = create(p, "intermediate_session_token", p.ist());
        String id = created.text("totp_registration_id");
        ApiResponse r = authenticate(
                p,
                totp(created.text("secret"), now()),
                "intermediate_session_token",
                p.ist(),
                "session_custom_claims",
                java.util.Map.of("plan", "pro"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.path("session_token").asText()).isNotEmpty();
        assertThat(b.path("member").path("totp_registration_id").asText()).isEqualTo(id);
        assertThat(b.path("member").path("mfa_enrolled").asBoolean()).isTrue();
        assertThat(b.path("member").path("default_mfa_method").asText()).isEqualTo("totp");
        JsonNode session = b.path("member_session");
        assertThat(session.path("custom_claims").path("plan").asText()).isEqualTo("pro");
        JsonNode factors = session.path("authentication_factors");
        assertThat(factors).hasSize(2);
        assertThat(factors.get(0).path("type").asText()).isEqualTo("magic_link");
        assertThat(factors.get(1).path("type").asText()).isEqualTo("totp");
        assertThat(factors.get(1).path("delivery_method").asText()).isEqualTo("authenticator_app");
        assertThat(factors.get(1)
                        .path("authenticator_app_factor")
                        .path("totp_id")
                        .asText())
                .isEqualTo(id);

        // The next login names the registration among the member's options.
        JsonNode next = mfa.primaryFactorOnly(p.organizationId(), p.email());
        assertThat(next.path("mfa_required")
                        .path("member_options")
                        .path("totp_registration_id")
                        .asText())
                .isEqualTo(id);
    }

    @Test
    void aCodeIsNeverAcceptedTwiceAndTheNextStepsCodeIs() {
        Pending p = pending();
        String secret = create(p, "intermediate_session_token", p.ist()).text("secret");
        String code = totp(secret, now());
        ApiResponse first = authenticate(p, code, "intermediate_session_token", p.ist());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String token = first.text("session_token");
        assertError(authenticate(p, code, "session_token", token), 400, "totp_code_already_authenticated");

        server.clock().advance(Duration.ofSeconds(30));
        ApiResponse next =
                authenticate(p, totp(secret, now()), "session_token", token, "session_duration_minutes", 120);
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.text("session_token")).isEqualTo(token);
        // An older step's code is refused once a later one was used, even within the tolerance.
        String previous = totpAtStep(secret, Math.floorDiv(now().getEpochSecond(), 30) - 1);
        assertError(authenticate(p, previous, "session_token", token), 400, "totp_code_already_authenticated");
    }

    @Test
    void oneStepEitherSideIsToleratedTwoAreNot() {
        Pending p = pending();
        String secret = create(p, "intermediate_session_token", p.ist()).text("secret");
        long step = Math.floorDiv(now().getEpochSecond(), 30);
        String tooOld = totpAtStep(secret, step - 2);
        if (!tooOld.equals(totpAtStep(secret, step - 1))
                && !tooOld.equals(totpAtStep(secret, step))
                && !tooOld.equals(totpAtStep(secret, step + 1))) {
            assertError(
                    authenticate(p, tooOld, "intermediate_session_token", p.ist()), 401, "unable_to_authenticate_totp");
        }
        ApiResponse late = authenticate(p, totpAtStep(secret, step - 1), "intermediate_session_token", p.ist());
        assertThat(late.status()).as(late.toString()).isEqualTo(200);
        ApiResponse early = authenticate(p, totpAtStep(secret, step + 1), "session_token", late.text("session_token"));
        assertThat(early.status()).as(early.toString()).isEqualTo(200);
    }

    @Test
    void malformedAndWrongCodesAreRefused() {
        Pending p = pending();
        String secret = create(p, "intermediate_session_token", p.ist()).text("secret");
        assertError(authenticate(p, "12345", "intermediate_session_token", p.ist()), 400, "invalid_totp_code");
        assertError(authenticate(p, "12345a", "intermediate_session_token", p.ist()), 400, "invalid_totp_code");
        String right = totp(secret, now());
        String wrong = right.equals("000000") ? "000001" : "000000";
        assertError(authenticate(p, wrong, "intermediate_session_token", p.ist()), 401, "unable_to_authenticate_totp");
        assertError(authenticate(p, right), 400, "no_session_arguments");
    }

    @Test
    void withoutARegistrationAuthenticateIsTotpNotFound() {
        Pending p = pending();
        assertError(authenticate(p, "123456", "intermediate_session_token", p.ist()), 404, "totp_not_found");
    }

    @Test
    void anExpiredPendingRegistrationIsGone() {
        Pending p = pending();
        String secret = create(p, "intermediate_session_token", p.ist(), "expiration_minutes", 5)
                .text("secret");
        server.clock().advance(Duration.ofMinutes(6));
        String ist = mfa.newIntermediateSession(p.organizationId(), p.email());
        assertError(authenticate(p, totp(secret, now()), "intermediate_session_token", ist), 404, "totp_not_found");
        assertError(create(p, "expiration_minutes", 4), 400, "invalid_expiration_minutes");
    }

    @Test
    void aSecondActiveRegistrationIsRefusedAndANewPendingOneReplacesTheOld() {
        Pending p = pending();
        String oldSecret = create(p, "intermediate_session_token", p.ist()).text("secret");
        String newSecret = create(p, "intermediate_session_token", p.ist()).text("secret");
        String oldCode = totp(oldSecret, now());
        if (!oldCode.equals(totp(newSecret, now()))) {
            assertError(
                    authenticate(p, oldCode, "intermediate_session_token", p.ist()),
                    401,
                    "unable_to_authenticate_totp");
        }
        ApiResponse ok = authenticate(p, totp(newSecret, now()), "intermediate_session_token", p.ist());
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertError(create(p, "session_token", ok.text("session_token")), 400, "active_totp_exists");
    }

    @Test
    void aMemberWithAVerifiedPhoneCreatesTotpOnlyFromASessionThatCompletedMfa() {
        Pending p = pending();
        String phone = uniquePhone();
        mfa.sendSms(p.organizationId(), p.memberId(), phone, "intermediate_session_token", p.ist());
        ApiResponse sms = mfa.authenticateSms(
                p.organizationId(), p.memberId(), mfa.awaitSmsCode(phone), "intermediate_session_token", p.ist());
        assertThat(sms.status()).as(sms.toString()).isEqualTo(200);

        String ist = mfa.newIntermediateSession(p.organizationId(), p.email());
        assertError(create(p, "intermediate_session_token", ist), 400, "insufficient_factors");
        assertError(create(p), 400, "insufficient_factors");
        assertThat(create(p, "session_token", sms.text("session_token")).status())
                .isEqualTo(200);
    }

    @Test
    void migrateImportsASecretAndItsRecoveryCodes() {
        Pending p = pending();
        // RFC 6238's SHA-1 test secret, "12345678901234567890".
        String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        ApiResponse r = api.post(
                "/v1/b2b/totp/migrate",
                json(
                        "organization_id",
                        p.organizationId(),
                        "member_id",
                        p.memberId(),
                        "secret",
                        secret.toLowerCase(),
                        "recovery_codes",
                        List.of("alpha-one", "beta-two")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String id = r.text("totp_registration_id");
        assertThat(r.body().path("member").path("totp_registration_id").asText())
                .isEqualTo(id);
        assertThat(r.body().path("recovery_codes")).hasSize(2);
        ApiResponse codes = api.get("/v1/b2b/recovery_codes/" + p.organizationId() + "/" + p.memberId());
        assertThat(codes.body().path("recovery_codes").toString()).isEqualTo("[\"alpha-one\",\"beta-two\"]");

        ApiResponse ok = authenticate(p, totp(secret, now()), "intermediate_session_token", p.ist());
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertError(
                api.post(
                        "/v1/b2b/totp/migrate",
                        json("organization_id", p.organizationId(), "member_id", p.memberId(), "secret", secret)),
                400,
                "active_totp_exists");

        Pending q = pending();
        assertError(
                api.post(
                        "/v1/b2b/totp/migrate",
                        json(
                                "organization_id",
                                q.organizationId(),
                                "member_id",
                                q.memberId(),
                                "secret",
                                "not base32!")),
                400,
                "invalid_totp_secret");
        ApiResponse minted = api.post(
                "/v1/b2b/totp/migrate",
                json("organization_id", q.organizationId(), "member_id", q.memberId(), "secret", secret));
        assertThat(minted.body().path("recovery_codes")).hasSize(10);
    }

    @Test
    void organizationRestrictedToSmsRefusesTotp() {
        Pending p = pending("mfa_methods", "RESTRICTED", "allowed_mfa_methods", List.of("sms_otp"));
        assertError(
                create(p, "intermediate_session_token", p.ist()),
                403,
                "operation_restricted_by_organization_mfa_methods");
    }

    @Test
    void deletingTheOrganizationTakesRegistrationsCodesAndCountersWithIt() {
        Pending p = pending();
        ApiResponse created = create(p, "intermediate_session_token", p.ist());
        authenticate(p, "000000", "intermediate_session_token", p.ist());
        assertThat(authenticate(p, totp(created.text("secret"), now()), "intermediate_session_token", p.ist())
                        .status())
                .isEqualTo(200);
        ApiResponse deleted = api.delete("/v1/b2b/organizations/" + p.organizationId());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        String rows = DbSnapshot.of(server.app().database(), "totp_registrations", "recovery_codes", "mfa_attempts")
                .toString();
        assertThat(rows).doesNotContain(p.memberId()).doesNotContain(created.text("totp_registration_id"));
    }

    @Test
    void theSecretIsNeverStoredInClear() {
        Pending p = pending();
        String secret = create(p, "intermediate_session_token", p.ist()).text("secret");
        byte[] raw = Base32.decode(secret);
        String rows =
                DbSnapshot.of(server.app().database(), "totp_registrations").toString();
        assertThat(rows)
                .contains(p.memberId())
                .doesNotContain(secret)
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(raw))
                .doesNotContain(Base64.getEncoder().encodeToString(raw));
    }
}
