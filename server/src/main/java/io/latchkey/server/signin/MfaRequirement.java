package io.latchkey.server.signin;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.organization.MfaMethod;
import io.latchkey.server.organization.OrganizationPolicy;
import java.util.List;
import java.util.Set;

/**
 * Whether a set of completed factors is enough for a full session in an organization. Every
 * path that mints a session asks this, so the MFA policy cannot be bypassed by choosing another
 * endpoint.
 */
public final class MfaRequirement {
    /** Factor types that count as a second factor. */
    private static final Set<String> SECOND_FACTORS = Set.of("otp", "totp", "recovery_codes");

    private MfaRequirement() {}

    /**
     * True when the organization or the member demands MFA. {@code member} is null for somebody
     * who may join but has no member yet (discovery lists organizations open by email domain).
     */
    public static boolean applies(Organization organization, Member member) {
        return OrganizationPolicy.mfaRequiredForAll(organization) || (member != null && member.mfaEnrolled());
    }

    /** True when a session may not be minted from {@code factors} alone; {@code member} as for {@link #applies}. */
    public static boolean secondFactorMissing(
            Organization organization, Member member, List<AuthenticationFactor> factors) {
        return applies(organization, member) && factors.stream().noneMatch(f -> countsAsSecond(organization, f));
    }

    /** True for the factor types that are second factors (SMS OTP, TOTP, recovery codes). */
    public static boolean isSecondFactor(AuthenticationFactor factor) {
        return SECOND_FACTORS.contains(factor.type());
    }

    private static boolean countsAsSecond(Organization organization, AuthenticationFactor factor) {
        if (!isSecondFactor(factor)) {
            return false;
        }
        // Under RESTRICTED only the allowed methods count; recovery codes stand in for TOTP.
        MfaMethod method = switch (factor.type()) {
            case "otp" -> MfaMethod.SMS_OTP;
            default -> MfaMethod.TOTP;
        };
        return OrganizationPolicy.allowsMfaMethod(organization, method);
    }
}
