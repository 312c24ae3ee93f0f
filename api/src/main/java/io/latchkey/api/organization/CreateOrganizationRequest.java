package io.latchkey.api.organization;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/b2b/organizations}. Only {@code organizationName} is required; every other
 * field may be null (absent), and the server applies the contract's defaults.
 */
public record CreateOrganizationRequest(
        String organizationName,
        String organizationSlug,
        String organizationLogoUrl,
        Map<String, Object> trustedMetadata,
        String organizationExternalId,
        String ssoJitProvisioning,
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

    /** A request with a name and nothing else. */
    public static CreateOrganizationRequest named(String organizationName) {
        return new CreateOrganizationRequest(
                organizationName,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
