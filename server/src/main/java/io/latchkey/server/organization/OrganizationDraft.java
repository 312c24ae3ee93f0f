package io.latchkey.server.organization;

import io.latchkey.api.organization.CustomRole;
import io.latchkey.api.organization.EmailImplicitRoleAssignment;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.Timestamps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization being created or changed: every stored field, mutable, so rules can be
 * applied one request field at a time and checked together before anything is written. Never
 * shared between threads; lives for one service call.
 */
final class OrganizationDraft {
    String organizationId;
    String name;
    String slug;
    /** True when the slug was derived from the name rather than given by the caller. */
    boolean slugDerived;
    /** True after a derived slug lost a race with a concurrent create. */
    boolean slugCollided;
    /** What a derived slug is made from when it is not the name (null: the name). */
    String slugSeed;

    String externalId;
    String logoUrl = "";
    Map<String, Object> trustedMetadata = new LinkedHashMap<>();
    String ssoJitProvisioning = "ALL_ALLOWED";
    List<String> ssoJitProvisioningAllowedConnections = List.of();
    String ssoDefaultConnectionId;
    List<String> emailAllowedDomains = List.of();
    String emailJitProvisioning = "NOT_ALLOWED";
    String emailInvites;
    String authMethods = "ALL_ALLOWED";
    List<String> allowedAuthMethods = List.of();
    String mfaPolicy = "OPTIONAL";
    String mfaMethods = "ALL_ALLOWED";
    List<String> allowedMfaMethods = List.of();
    List<EmailImplicitRoleAssignment> rbacEmailImplicitRoleAssignments = List.of();
    String oauthTenantJitProvisioning = "NOT_ALLOWED";
    Map<String, List<String>> allowedOauthTenants = new LinkedHashMap<>();
    List<String> claimedEmailDomains = List.of();
    String firstPartyConnectedAppsAllowedType = "ALL_ALLOWED";
    List<String> allowedFirstPartyConnectedApps = List.of();
    String thirdPartyConnectedAppsAllowedType = "ALL_ALLOWED";
    List<String> allowedThirdPartyConnectedApps = List.of();
    /** Written only by the organization RBAC policy call (see OrganizationStore#setCustomRoles). */
    List<CustomRole> customRoles = List.of();

    Instant createdAt;
    Instant updatedAt;

    /** A new organization with the contract's defaults (email_invites is decided at create). */
    static OrganizationDraft fresh(String organizationId, Instant now) {
        OrganizationDraft d = new OrganizationDraft();
        d.organizationId = organizationId;
        d.createdAt = now;
        d.updatedAt = now;
        return d;
    }

    static OrganizationDraft of(Organization o) {
        OrganizationDraft d = new OrganizationDraft();
        d.organizationId = o.organizationId();
        d.name = o.organizationName();
        d.slug = o.organizationSlug();
        d.externalId = o.organizationExternalId();
        d.logoUrl = o.organizationLogoUrl();
        d.trustedMetadata = new LinkedHashMap<>(o.trustedMetadata());
        d.ssoJitProvisioning = o.ssoJitProvisioning();
        d.ssoJitProvisioningAllowedConnections = o.ssoJitProvisioningAllowedConnections();
        d.ssoDefaultConnectionId = o.ssoDefaultConnectionId();
        d.emailAllowedDomains = o.emailAllowedDomains();
        d.emailJitProvisioning = o.emailJitProvisioning();
        d.emailInvites = o.emailInvites();
        d.authMethods = o.authMethods();
        d.allowedAuthMethods = o.allowedAuthMethods();
        d.mfaPolicy = o.mfaPolicy();
        d.mfaMethods = o.mfaMethods();
        d.allowedMfaMethods = o.allowedMfaMethods();
        d.rbacEmailImplicitRoleAssignments = o.rbacEmailImplicitRoleAssignments();
        d.oauthTenantJitProvisioning = o.oauthTenantJitProvisioning();
        d.allowedOauthTenants = new LinkedHashMap<>(o.allowedOauthTenants());
        d.claimedEmailDomains = o.claimedEmailDomains();
        d.firstPartyConnectedAppsAllowedType = o.firstPartyConnectedAppsAllowedType();
        d.allowedFirstPartyConnectedApps = o.allowedFirstPartyConnectedApps();
        d.thirdPartyConnectedAppsAllowedType = o.thirdPartyConnectedAppsAllowedType();
        d.allowedThirdPartyConnectedApps = o.allowedThirdPartyConnectedApps();
        d.customRoles = o.customRoles();
        d.createdAt = Instant.parse(o.createdAt());
        d.updatedAt = Instant.parse(o.updatedAt());
        return d;
    }

    Organization toOrganization() {
        return new Organization(
                organizationId,
                name,
                logoUrl,
                slug,
                ssoJitProvisioning,
                List.copyOf(ssoJitProvisioningAllowedConnections),
                List.of(),
                List.copyOf(emailAllowedDomains),
                emailJitProvisioning,
                emailInvites,
                authMethods,
                List.copyOf(allowedAuthMethods),
                mfaPolicy,
                List.copyOf(rbacEmailImplicitRoleAssignments),
                mfaMethods,
                List.copyOf(allowedMfaMethods),
                oauthTenantJitProvisioning,
                List.copyOf(claimedEmailDomains),
                firstPartyConnectedAppsAllowedType,
                List.copyOf(allowedFirstPartyConnectedApps),
                thirdPartyConnectedAppsAllowedType,
                List.copyOf(allowedThirdPartyConnectedApps),
                List.copyOf(customRoles),
                new LinkedHashMap<>(trustedMetadata),
                Timestamps.format(createdAt),
                Timestamps.format(updatedAt),
                externalId,
                ssoDefaultConnectionId,
                null,
                new LinkedHashMap<>(allowedOauthTenants));
    }
}
