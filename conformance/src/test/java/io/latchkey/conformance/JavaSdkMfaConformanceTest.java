package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.magiclinks.AuthenticateResponse;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.sessions.MemberSession;
import com.stytch.java.consumer.models.sessions.AuthenticationFactor;
import com.stytch.java.consumer.models.sessions.AuthenticationFactorDeliveryMethod;
import com.stytch.java.consumer.models.sessions.AuthenticationFactorType;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Second factors through the official Java SDK: TOTP, recovery codes, SMS and email passcodes
 * parse into the SDK's types, their factors into its strict enums (also in a session
 * JWT the SDK verifies without the API), and refusals into its error type (a used TOTP or
 * recovery code). Codes are read from the dev mailbox, which no SDK can.
 */
class JavaSdkMfaConformanceTest extends JavaSdkTestBase {
    private static final String DOMAIN = "acme.test";

    /**
     * The test server's clock stands still unless moved, while the SDK checks JWT times against the
     * real clock: each test starts with the two agreeing.
     */
    @BeforeEach
    void serverClockShowsTheRealTime() {
        server.clock().set(Instant.now());
    }

    private Organization mfaOrganization() {
        return createOrganization(Requests.organizationCreate(Unique.name("Org"))
                .slug(Unique.slug("org"))
                .emailAllowedDomains(List.of(DOMAIN))
                .emailJitProvisioning("RESTRICTED")
                .mfaPolicy("REQUIRED_FOR_ALL"));
    }

    /** A magic-link login through the SDK that stops at MFA: the member's first. */
    private AuthenticateResponse primaryFactorOnly(String organizationId, String email) {
        return primaryFactorOnly(organizationId, email, 1);
    }

    /**
     * A magic-link login through the SDK that stops at MFA; {@code login} counts the member's
     * logins so far, this one included, so the link is read from the mail this login sent.
     */
    private AuthenticateResponse primaryFactorOnly(String organizationId, String email, int login) {
        ok(stytch.getMagicLinks()
                .getEmail()
                .loginOrSignupCompletable(new com.stytch.java.b2b.models.magiclinksemail.LoginOrSignupRequest(
                        organizationId, email, null, null, null, null, null, null, null, null)));
        String token = LoginFlow.tokenOf(Mailbox.devMailbox(server.baseUrl()).awaitLink(email, login));
        AuthenticateResponse r = ok(stytch.getMagicLinks()
                .authenticateCompletable(new com.stytch.java.b2b.models.magiclinks.AuthenticateRequest(
                        token, null, null, null, null, null, null, null, null)));
        assertThat(r.getMemberAuthenticated()).isFalse();
        assertThat(r.getMfaRequired()).isNotNull();
        return r;
    }

    private static void assertFactors(
            MemberSession session,
            AuthenticationFactorType secondType,
            AuthenticationFactorDeliveryMethod secondDelivery) {
        List<AuthenticationFactor> factors = session.getAuthenticationFactors();
        assertThat(factors).hasSize(2);
        assertThat(factors.get(0).getType()).isEqualTo(AuthenticationFactorType.MAGIC_LINK);
        assertThat(factors.get(0).getDeliveryMethod()).isEqualTo(AuthenticationFactorDeliveryMethod.EMAIL);
        assertThat(factors.get(1).getType()).isEqualTo(secondType);
        assertThat(factors.get(1).getDeliveryMethod()).isEqualTo(secondDelivery);
    }

    /**
     * The SDK verifies the session JWT locally, both with {@code authenticateJwtLocal} and with
     * {@code authenticateJwt} (local first, the API as fallback): the server never sees a
     * sessions/authenticate request in this class.
     */
    private MemberSession verifiedLocally(String jwt, String memberSessionId) {
        MemberSession local = ok(stytch.getSessions().authenticateJwtLocalCompletable(jwt, null, null, 0));
        assertThat(local.getMemberSessionId()).isEqualTo(memberSessionId);
        MemberSession checked = ok(stytch.getSessions().authenticateJwtCompletable(jwt, null, null));
        assertThat(checked.getMemberSessionId()).isEqualTo(memberSessionId);
        assertThat(checked.getAuthenticationFactors()).isEqualTo(local.getAuthenticationFactors());
        assertThat(new ServerMetrics(server.baseUrl()).requests(ServerMetrics.SESSIONS_AUTHENTICATE))
                .as("sessions/authenticate requests: authenticateJwt verified locally")
                .isZero();
        return local;
    }

    /** A member of an MFA organization whose TOTP registration is active; the TOTP answer. */
    private com.stytch.java.b2b.models.totps.CreateResponse activeTotp(String orgId, AuthenticateResponse primary) {
        var created = ok(stytch.getTotps()
                .createCompletable(new com.stytch.java.b2b.models.totps.CreateRequest(
                        orgId, primary.getMemberId(), null, primary.getIntermediateSessionToken(), null, null)));
        ok(stytch.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        orgId,
                        primary.getMemberId(),
                        MfaFlow.totp(created.getSecret(), server.clock().instant()),
                        primary.getIntermediateSessionToken(),
                        null,
                        null,
                        60,
                        null,
                        null,
                        null,
                        null)));
        return created;
    }

    @Test
    void aTotpCodeComputedFromTheCreatedSecretCompletesMfaOnceAndIsRefusedAfter() {
        String orgId = mfaOrganization().getOrganizationId();
        String email = Unique.email().replaceAll("@.*", "@" + DOMAIN);
        AuthenticateResponse primary = primaryFactorOnly(orgId, email);
        String memberId = primary.getMemberId();

        var created = ok(stytch.getTotps()
                .createCompletable(new com.stytch.java.b2b.models.totps.CreateRequest(
                        orgId, memberId, null, primary.getIntermediateSessionToken(), null, null)));
        assertThat(created.getSecret()).matches("[A-Z2-7]{32}");
        assertThat(created.getQrCode()).startsWith("data:image/png;base64,");
        assertThat(created.getRecoveryCodes()).hasSize(10);

        String code = MfaFlow.totp(created.getSecret(), server.clock().instant());
        var totp = ok(stytch.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        orgId,
                        memberId,
                        code,
                        primary.getIntermediateSessionToken(),
                        null,
                        null,
                        60,
                        null,
                        null,
                        null,
                        null)));
        assertThat(totp.getSessionToken()).isNotBlank();
        assertThat(totp.getMember().getTotpRegistrationId()).isEqualTo(created.getTotpRegistrationId());
        assertFactors(
                totp.getMemberSession(),
                AuthenticationFactorType.TOTP,
                AuthenticationFactorDeliveryMethod.AUTHENTICATOR_APP);
        assertThat(totp.getMemberSession()
                        .getAuthenticationFactors()
                        .get(1)
                        .getAuthenticatorAppFactor()
                        .getTotpId())
                .isEqualTo(created.getTotpRegistrationId());
        assertFactors(
                verifiedLocally(totp.getSessionJWT(), totp.getMemberSession().getMemberSessionId()),
                AuthenticationFactorType.TOTP,
                AuthenticationFactorDeliveryMethod.AUTHENTICATOR_APP);

        // The same code again: refused with the session, and with the IST of a new login.
        assertApiError(
                stytch.getTotps()
                        .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                                orgId,
                                memberId,
                                code,
                                null,
                                totp.getSessionToken(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null)),
                400,
                "totp_code_already_authenticated");
        String ist = primaryFactorOnly(orgId, email, 2).getIntermediateSessionToken();
        assertApiError(
                stytch.getTotps()
                        .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                                orgId, memberId, code, ist, null, null, null, null, null, null, null)),
                400,
                "totp_code_already_authenticated");
    }

    @Test
    void aRecoveryCodeCompletesMfaOnceAndGetAndRotateParse() {
        String orgId = mfaOrganization().getOrganizationId();
        String email = Unique.email().replaceAll("@.*", "@" + DOMAIN);
        AuthenticateResponse primary = primaryFactorOnly(orgId, email);
        String memberId = primary.getMemberId();
        var created = activeTotp(orgId, primary);

        var codes = ok(stytch.getRecoveryCodes()
                .getCompletable(new com.stytch.java.b2b.models.recoverycodes.GetRequest(orgId, memberId)));
        assertThat(codes.getRecoveryCodes()).containsExactlyInAnyOrderElementsOf(created.getRecoveryCodes());
        String recoveryCode = codes.getRecoveryCodes().get(0);

        String ist = primaryFactorOnly(orgId, email, 2).getIntermediateSessionToken();
        var recovered = ok(stytch.getRecoveryCodes()
                .recoverCompletable(new com.stytch.java.b2b.models.recoverycodes.RecoverRequest(
                        orgId, memberId, recoveryCode, ist, null, null, null, null, null)));
        assertThat(recovered.getRecoveryCodesRemaining()).isEqualTo(9);
        assertThat(recovered.getSessionToken()).isNotBlank();
        assertFactors(
                recovered.getMemberSession(),
                AuthenticationFactorType.RECOVERY_CODES,
                AuthenticationFactorDeliveryMethod.RECOVERY_CODE);
        assertFactors(
                verifiedLocally(
                        recovered.getSessionJWT(), recovered.getMemberSession().getMemberSessionId()),
                AuthenticationFactorType.RECOVERY_CODES,
                AuthenticationFactorDeliveryMethod.RECOVERY_CODE);

        String nextIst = primaryFactorOnly(orgId, email, 3).getIntermediateSessionToken();
        assertApiError(
                stytch.getRecoveryCodes()
                        .recoverCompletable(new com.stytch.java.b2b.models.recoverycodes.RecoverRequest(
                                orgId, memberId, recoveryCode, nextIst, null, null, null, null, null)),
                401,
                "unable_to_authenticate_recovery_code");
        assertThat(ok(stytch.getRecoveryCodes()
                                .getCompletable(
                                        new com.stytch.java.b2b.models.recoverycodes.GetRequest(orgId, memberId)))
                        .getRecoveryCodes())
                .hasSize(9)
                .doesNotContain(recoveryCode);

        var rotated = ok(stytch.getRecoveryCodes()
                .rotateCompletable(new com.stytch.java.b2b.models.recoverycodes.RotateRequest(orgId, memberId)));
        assertThat(rotated.getRecoveryCodes()).hasSize(10).doesNotContainAnyElementsOf(codes.getRecoveryCodes());
    }

    @Test
    void anSmsPasscodeCompletesAMagicLinkLoginIntoASessionWithBothFactors() {
        String orgId = mfaOrganization().getOrganizationId();
        String email = Unique.email().replaceAll("@.*", "@" + DOMAIN);
        AuthenticateResponse primary = primaryFactorOnly(orgId, email);
        String memberId = primary.getMemberId();
        String phone =
                "+1415555" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));

        var sent = ok(stytch.getOtps()
                .getSms()
                .sendCompletable(new com.stytch.java.b2b.models.otpsms.SendRequest(
                        orgId, memberId, phone, null, primary.getIntermediateSessionToken(), null, null)));
        assertThat(sent.getMember().getMfaPhoneNumber()).isEqualTo(phone);
        String code = new MfaFlow(server).awaitSmsCode(phone);
        var done = ok(stytch.getOtps()
                .getSms()
                .authenticateCompletable(new com.stytch.java.b2b.models.otpsms.AuthenticateRequest(
                        orgId,
                        memberId,
                        code,
                        primary.getIntermediateSessionToken(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)));
        assertThat(done.getSessionToken()).isNotBlank();
        assertThat(done.getMember().getMfaPhoneNumberVerified()).isTrue();
        assertFactors(done.getMemberSession(), AuthenticationFactorType.OTP, AuthenticationFactorDeliveryMethod.SMS);
        assertThat(done.getMemberSession()
                        .getAuthenticationFactors()
                        .get(0)
                        .getEmailFactor()
                        .getEmailAddress())
                .isEqualTo(email);
        assertThat(done.getMemberSession()
                        .getAuthenticationFactors()
                        .get(1)
                        .getPhoneNumberFactor()
                        .getPhoneNumber())
                .isEqualTo(phone);
        assertFactors(
                verifiedLocally(done.getSessionJWT(), done.getMemberSession().getMemberSessionId()),
                AuthenticationFactorType.OTP,
                AuthenticationFactorDeliveryMethod.SMS);
        assertApiError(
                stytch.getOtps()
                        .getSms()
                        .authenticateCompletable(new com.stytch.java.b2b.models.otpsms.AuthenticateRequest(
                                orgId,
                                memberId,
                                code,
                                primary.getIntermediateSessionToken(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null)),
                404,
                "intermediate_session_not_found");
    }

    @Test
    void emailPasscodesLogInThroughTheSdk() {
        Organization org = createOrganization(Requests.organizationCreate(Unique.name("Org"))
                .slug(Unique.slug("org"))
                .emailAllowedDomains(List.of(DOMAIN))
                .emailJitProvisioning("RESTRICTED"));
        String email = Unique.email().replaceAll("@.*", "@" + DOMAIN);
        var sent = ok(stytch.getOtps()
                .getEmail()
                .loginOrSignupCompletable(new com.stytch.java.b2b.models.otpemail.LoginOrSignupRequest(
                        org.getOrganizationId(), email, null, null, null, null, null)));
        assertThat(sent.getMemberCreated()).isTrue();
        String code = new MfaFlow(server).awaitEmailCode(email);
        var r = ok(stytch.getOtps()
                .getEmail()
                .authenticateCompletable(new com.stytch.java.b2b.models.otpemail.AuthenticateRequest(
                        org.getOrganizationId(), email, code, null, null, null, null, null, null, null)));
        assertThat(r.getMemberAuthenticated()).isTrue();
        assertThat(r.getMethodId()).startsWith("email-test-");
        AuthenticationFactor factor =
                r.getMemberSession().getAuthenticationFactors().get(0);
        assertThat(factor.getType()).isEqualTo(AuthenticationFactorType.EMAIL_OTP);
        assertThat(factor.getDeliveryMethod()).isEqualTo(AuthenticationFactorDeliveryMethod.EMAIL);
        assertApiError(
                stytch.getOtps()
                        .getEmail()
                        .authenticateCompletable(new com.stytch.java.b2b.models.otpemail.AuthenticateRequest(
                                org.getOrganizationId(), email, code, null, null, null, null, null, null, null)),
                401,
                "unable_to_auth_otp_code");
    }

    @Test
    void totpMigrateThroughTheSdk() {
        String orgId = createOrganization().getOrganizationId();
        String memberId = createMember(orgId).getMemberId();
        var migrated = ok(stytch.getTotps()
                .migrateCompletable(new com.stytch.java.b2b.models.totps.MigrateRequest(
                        orgId, memberId, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", List.of())));
        assertThat(migrated.getRecoveryCodes()).hasSize(10);
        assertThat(migrated.getMember().getTotpRegistrationId()).isEqualTo(migrated.getTotpRegistrationId());
    }
}
