package io.latchkey.server.discovery;

import io.latchkey.api.discovery.DiscoveredOrganization;
import io.latchkey.api.discovery.Membership;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.MemberOptions;
import io.latchkey.api.session.MfaRequired;
import io.latchkey.api.session.PrimaryRequired;
import io.latchkey.server.session.MfaRequirement;
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
record OrganizationFit(boolean memberAuthenticated, PrimaryRequired primaryRequired, MfaRequired mfaRequired) {

  /** Every primary method of the contract, for an organization that allows them all. */
  private static final List<String> ALL_PRIMARY_METHODS = List.of(
      "sso", "magic_link", "email_otp", "password", "google_oauth", "microsoft_oauth", "slack_oauth",
      "github_oauth", "hubspot_oauth");

  /** {@code member} is null when the email has no member in the organization yet. */
  static OrganizationFit of(Organization org, Member member, List<AuthenticationFactor> factors) {
    PrimaryRequired primary = primarySatisfied(org, member, factors) ? null : new PrimaryRequired(acceptedMethods(org));
    MfaRequired mfa = MfaRequirement.secondFactorMissing(org, member, factors)
        ? new MfaRequired(member == null
            ? new MemberOptions("", "")
            : new MemberOptions(member.mfaPhoneNumber(), member.totpRegistrationId()), null)
        : null;
    return new OrganizationFit(primary == null && mfa == null, primary, mfa);
  }

  DiscoveredOrganization discovered(Organization org, Membership membership) {
    return new DiscoveredOrganization(memberAuthenticated, org, membership, primaryRequired, mfaRequired);
  }

  private static boolean primarySatisfied(Organization org, Member member, List<AuthenticationFactor> factors) {
    // auth_methods does not bind break-glass members (contract §1.1).
    boolean anyMethod = !"RESTRICTED".equals(org.authMethods()) || (member != null && member.isBreakglass());
    return factors.stream()
        .map(OrganizationFit::primaryMethod)
        .anyMatch(m -> m != null && (anyMethod || org.allowedAuthMethods().contains(m)));
  }

  private static List<String> acceptedMethods(Organization org) {
    return "RESTRICTED".equals(org.authMethods()) ? org.allowedAuthMethods() : ALL_PRIMARY_METHODS;
  }

  /** The organization setting's name for the method a factor used; null for second factors. */
  private static String primaryMethod(AuthenticationFactor f) {
    return switch (f.type()) {
      case "magic_link", "email_otp", "password", "sso" -> f.type();
      case "oauth" -> switch (f.deliveryMethod()) {
        case "oauth_google", "oauth_exchange_google" -> "google_oauth";
        case "oauth_microsoft" -> "microsoft_oauth";
        case "oauth_slack", "oauth_exchange_slack" -> "slack_oauth";
        case "oauth_github", "oauth_exchange_github" -> "github_oauth";
        case "oauth_hubspot", "oauth_exchange_hubspot" -> "hubspot_oauth";
        default -> null;
      };
      default -> null;
    };
  }
}
