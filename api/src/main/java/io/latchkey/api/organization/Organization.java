package io.latchkey.api.organization;

import java.util.List;
import java.util.Map;

/**
 * An organization as the API returns it. Every field the Java SDK requires is non-null
 * ({@code ""}, {@code []}); {@code trustedMetadata}, the timestamps (RFC 3339),
 * {@code organizationExternalId}, {@code ssoDefaultConnectionId}, {@code scimActiveConnection}
 * and {@code allowedOauthTenants} may be null. Setting values are the contract's upper-case
 * strings ({@code ALL_ALLOWED}, {@code RESTRICTED}, {@code NOT_ALLOWED}, ...).
 */
public record Organization(
        String organizationId,
        String organizationName,
        String organizationLogoUrl,
        String organizationSlug,
        String ssoJitProvisioning,
        List<String> ssoJitProvisioningAllowedConnections,
        List<ActiveSSOConnection> ssoActiveConnections,
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
        List<String> claimedEmailDomains,
        String firstPartyConnectedAppsAllowedType,
        List<String> allowedFirstPartyConnectedApps,
        String thirdPartyConnectedAppsAllowedType,
        List<String> allowedThirdPartyConnectedApps,
        List<CustomRole> customRoles,
        Map<String, Object> trustedMetadata,
        String createdAt,
        String updatedAt,
        String organizationExternalId,
        String ssoDefaultConnectionId,
        ActiveSCIMConnection scimActiveConnection,
        Map<String, List<String>> allowedOauthTenants) {}
