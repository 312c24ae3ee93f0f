package io.latchkey.api.organization;

import io.latchkey.api.Unchanged;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /v1/b2b/organizations/{organization_id}}. Every field is optional: null (absent)
 * leaves the setting unchanged; so does an empty list or map, which the constructor turns into
 * null (see {@link Unchanged}). A non-empty list or {@code allowedOauthTenants} map replaces
 * the setting; {@code trustedMetadata} merges at the top level (a null value deletes that key).
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

    public UpdateOrganizationRequest {
        trustedMetadata = Unchanged.ifEmpty(trustedMetadata);
        ssoJitProvisioningAllowedConnections = Unchanged.ifEmpty(ssoJitProvisioningAllowedConnections);
        emailAllowedDomains = Unchanged.ifEmpty(emailAllowedDomains);
        allowedAuthMethods = Unchanged.ifEmpty(allowedAuthMethods);
        rbacEmailImplicitRoleAssignments = Unchanged.ifEmpty(rbacEmailImplicitRoleAssignments);
        allowedMfaMethods = Unchanged.ifEmpty(allowedMfaMethods);
        allowedOauthTenants = Unchanged.ifEmpty(allowedOauthTenants);
        claimedEmailDomains = Unchanged.ifEmpty(claimedEmailDomains);
        allowedFirstPartyConnectedApps = Unchanged.ifEmpty(allowedFirstPartyConnectedApps);
        allowedThirdPartyConnectedApps = Unchanged.ifEmpty(allowedThirdPartyConnectedApps);
    }

    /** A request that changes nothing. */
    public static UpdateOrganizationRequest empty() {
        return new UpdateOrganizationRequest(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }
}
