package io.latchkey.api.discovery;

import io.latchkey.api.Redacted;
import io.latchkey.api.organization.EmailImplicitRoleAssignment;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/b2b/discovery/organizations/create}: the intermediate session token plus the
 * organization fields of an organization create, all optional (no {@code claimed_email_domains},
 * no {@code sso_default_connection_id}). Name and slug are derived from the email when absent.
 * The answer is {@link io.latchkey.api.session.ExchangeResponse}.
 */
public record CreateOrganizationViaDiscoveryRequest(
        String intermediateSessionToken,
        Integer sessionDurationMinutes,
        Map<String, Object> sessionCustomClaims,
        String organizationName,
        String organizationSlug,
        String organizationExternalId,
        String organizationLogoUrl,
        Map<String, Object> trustedMetadata,
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
        String firstPartyConnectedAppsAllowedType,
        List<String> allowedFirstPartyConnectedApps,
        String thirdPartyConnectedAppsAllowedType,
        List<String> allowedThirdPartyConnectedApps,
        String telemetryId) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
