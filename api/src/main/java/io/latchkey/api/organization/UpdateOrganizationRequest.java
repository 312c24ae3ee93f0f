package io.latchkey.api.organization;

import java.util.List;
import java.util.Map;

/**
 * {@code PUT /v1/b2b/organizations/{organization_id}}. Every field is optional: null (absent)
 * leaves the setting unchanged, an empty list clears a list setting, and
 * {@code trustedMetadata} merges at the top level (a null value deletes that key).
 */
public record UpdateOrganizationRequest(
    String organizationName,
    String organizationSlug,
    String organizationLogoUrl,
    Map<String, Object> trustedMetadata,
    String organizationExternalId,
    String ssoDefaultConnectionId,
    String ssoJitProvisioning,
    List<String> ssoJitProvisioningAllowedConnections,
    List<String> emailAllowedDomains,
    String emailJitProvisioning,
    String emailInvites,
    String authMethods,
    List<String> allowedAuthMethods,
    String mfaPolicy,
    List<EmailImplicitRoleAssignment> rbacEmailImplicitRoleAssignments,
    String mfaMethods,
    List<String> allowedMfaMethods,
    String oauthTenantJitProvisioning,
    Map<String, List<String>> allowedOauthTenants,
    List<String> claimedEmailDomains,
    String firstPartyConnectedAppsAllowedType,
    List<String> allowedFirstPartyConnectedApps,
    String thirdPartyConnectedAppsAllowedType,
    List<String> allowedThirdPartyConnectedApps) {

  /** A request that changes nothing. */
  public static UpdateOrganizationRequest empty() {
    return new UpdateOrganizationRequest(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null);
  }
}
