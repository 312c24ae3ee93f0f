package io.latchkey.server.mfa;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.MfaMethod;
import io.latchkey.server.organization.OrganizationPolicy;
import io.latchkey.server.project.Project;
import io.latchkey.server.signin.MfaRequirement;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.store.Tx;
import java.util.List;

/**
 * What every second factor (SMS OTP, TOTP, recovery codes) decides besides its own check: when
 * adding a factor needs proof of an existing one, and the member's MFA settings afterwards.
 * Completing the login is {@link SignIn}'s. Every method joins the caller's transaction.
 * Thread-safe.
 */
public final class SecondFactorService {
    public static final String ENROLL = "enroll";
    public static final String UNENROLL = "unenroll";

    private final SignIn signIn;
    private final MemberService members;

    public SecondFactorService(SignIn signIn, MemberService members) {
        this.signIn = signIn;
        this.members = members;
    }

    /**
     * A member who already has an active second factor (a verified MFA phone number, an active
     * TOTP registration) may add another only from a session or intermediate session that carries
     * a second factor: otherwise whoever completed the first factor alone could enrol their own
     * device and bypass MFA. Checks any presented token in every case.
     *
     * @throws ApiException insufficient_factors, and those of {@link SignIn#presented}
     */
    public void requireProofForNewFactor(
            Tx tx, Project project, Organization organization, Member member, SessionArguments args) {
        List<AuthenticationFactor> factors = signIn.presented(tx, project, organization, member, args);
        if (hasActiveSecondFactor(member) && factors.stream().noneMatch(MfaRequirement::isSecondFactor)) {
            throw new ApiException(
                    ErrorType.INSUFFICIENT_FACTORS,
                    "The member already has an MFA factor: pass a session_token or session_jwt of a session"
                            + " that completed it to add another.");
        }
    }

    /**
     * The member's MFA settings after completing {@code method}:
     * enrolled when the organization requires MFA of everyone, else as {@code setMfaEnrollment}
     * says (null leaves it); the default method becomes {@code method} when the member had none
     * or {@code setDefault} asks.
     */
    public Member applyMfaSettings(
            Tx tx,
            Project project,
            Organization organization,
            Member member,
            MfaMethod method,
            String setMfaEnrollment,
            boolean setDefault) {
        Boolean enrolled;
        if (OrganizationPolicy.mfaRequiredForAll(organization)) {
            enrolled = Boolean.TRUE;
        } else if (ENROLL.equals(setMfaEnrollment)) {
            enrolled = Boolean.TRUE;
        } else if (UNENROLL.equals(setMfaEnrollment)) {
            enrolled = Boolean.FALSE;
        } else {
            enrolled = null;
        }
        String defaultMethod = setDefault || member.defaultMfaMethod().isEmpty() ? method.wireName() : null;
        return members.updateMfaSettings(
                tx, project, organization.organizationId(), member.memberId(), enrolled, defaultMethod);
    }

    /**
     * @throws ApiException invalid_mfa_enrollment unless null, empty, {@code enroll} or {@code unenroll}
     */
    public static String validEnrollment(String setMfaEnrollment) {
        if (setMfaEnrollment == null || setMfaEnrollment.isEmpty()) {
            return null;
        }
        if (!ENROLL.equals(setMfaEnrollment) && !UNENROLL.equals(setMfaEnrollment)) {
            throw new ApiException(ErrorType.INVALID_MFA_ENROLLMENT, "set_mfa_enrollment must be enroll or unenroll.");
        }
        return setMfaEnrollment;
    }

    /** A verified MFA phone number or an active TOTP registration. */
    public static boolean hasActiveSecondFactor(Member member) {
        return member.mfaPhoneNumberVerified() || !member.totpRegistrationId().isEmpty();
    }
}
