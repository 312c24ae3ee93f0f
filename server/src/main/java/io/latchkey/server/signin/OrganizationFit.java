package io.latchkey.server.signin;

import io.latchkey.api.discovery.DiscoveredOrganization;
import io.latchkey.api.discovery.Membership;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.MemberOptions;
import io.latchkey.api.session.MfaRequired;
import io.latchkey.api.session.PrimaryRequired;
import io.latchkey.server.organization.AuthMethod;
import io.latchkey.server.organization.OrganizationPolicy;
import java.util.List;

/**
 * Whether a set of completed factors gets an email into an organization, and if not what is
 * still missing: a primary method the organization accepts ({@code auth_methods}) and/or a second
 * factor ({@link MfaRequirement}). Listing and exchanging decide with this one rule, so what the
 * list promises is what the exchange does.
 *
 * @param primaryRequired null when a factor's method is acceptable to the organization
 * @param mfaRequired null when no second factor is due
 */
public record OrganizationFit(boolean memberAuthenticated, PrimaryRequired primaryRequired, MfaRequired mfaRequired) {

    /** {@code member} is null when the email has no member in the organization yet. */
    public static OrganizationFit of(Organization org, Member member, List<AuthenticationFactor> factors) {
        PrimaryRequired primary = primarySatisfied(org, member, factors)
                ? null
                : new PrimaryRequired(OrganizationPolicy.acceptedAuthMethods(org));
        MfaRequired mfa = MfaRequirement.secondFactorMissing(org, member, factors)
                ? new MfaRequired(
                        member == null
                                ? new MemberOptions("", "")
                                : new MemberOptions(member.mfaPhoneNumber(), member.totpRegistrationId()),
                        null)
                : null;
        return new OrganizationFit(primary == null && mfa == null, primary, mfa);
    }

    public DiscoveredOrganization discovered(Organization org, Membership membership) {
        return new DiscoveredOrganization(memberAuthenticated, org, membership, primaryRequired, mfaRequired);
    }

    private static boolean primarySatisfied(Organization org, Member member, List<AuthenticationFactor> factors) {
        // auth_methods does not bind break-glass members (contract §1.1).
        boolean breakglass = member != null && member.isBreakglass();
        return factors.stream()
                .map(OrganizationFit::primaryMethod)
                .anyMatch(m -> m != null && OrganizationPolicy.allowsAuthMethod(org, m, breakglass));
    }

    /** The organization setting's method for a factor; null for second factors. */
    private static AuthMethod primaryMethod(AuthenticationFactor f) {
        return switch (f.type()) {
            case "magic_link" -> AuthMethod.MAGIC_LINK;
            case "email_otp" -> AuthMethod.EMAIL_OTP;
            case "password" -> AuthMethod.PASSWORD;
            case "sso" -> AuthMethod.SSO;
            case "oauth" ->
                switch (f.deliveryMethod()) {
                    case "oauth_google", "oauth_exchange_google" -> AuthMethod.GOOGLE_OAUTH;
                    case "oauth_microsoft" -> AuthMethod.MICROSOFT_OAUTH;
                    case "oauth_slack", "oauth_exchange_slack" -> AuthMethod.SLACK_OAUTH;
                    case "oauth_github", "oauth_exchange_github" -> AuthMethod.GITHUB_OAUTH;
                    case "oauth_hubspot", "oauth_exchange_hubspot" -> AuthMethod.HUBSPOT_OAUTH;
                    default -> null;
                };
            default -> null;
        };
    }
}
