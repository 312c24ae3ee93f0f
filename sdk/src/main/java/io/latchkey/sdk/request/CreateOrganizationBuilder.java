package io.latchkey.sdk.request;

import io.latchkey.api.organization.CreateOrganizationRequest;
import io.latchkey.api.organization.EmailImplicitRoleAssignment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@code POST /v1/b2b/organizations} request; the name is required, everything else takes the server's default.
 *
 * <p>Every setter sets the same-named field of {@link CreateOrganizationRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class CreateOrganizationBuilder {
    private final String organizationName;
    private String organizationSlug;
    private String organizationLogoUrl;
    private Map<String, Object> trustedMetadata;
    private String organizationExternalId;
    private String ssoJitProvisioning;
    private List<String> emailAllowedDomains;
    private String emailJitProvisioning;
    private String emailInvites;
    private String authMethods;
    private List<String> allowedAuthMethods;
    private String mfaPolicy;
    private List<EmailImplicitRoleAssignment> rbacEmailImplicitRoleAssignments;
    private String mfaMethods;
    private List<String> allowedMfaMethods;
    private String oauthTenantJitProvisioning;
    private Map<String, List<String>> allowedOauthTenants;
    private List<String> claimedEmailDomains;
    private String firstPartyConnectedAppsAllowedType;
    private List<String> allowedFirstPartyConnectedApps;
    private String thirdPartyConnectedAppsAllowedType;
    private List<String> allowedThirdPartyConnectedApps;

    CreateOrganizationBuilder(String organizationName) {
        this.organizationName = Objects.requireNonNull(organizationName, "organizationName");
    }

    /** Sets {@code organization_slug}. */
    public CreateOrganizationBuilder organizationSlug(String organizationSlug) {
        this.organizationSlug = organizationSlug;
        return this;
    }

    /** Sets {@code organization_logo_url}. */
    public CreateOrganizationBuilder organizationLogoUrl(String organizationLogoUrl) {
        this.organizationLogoUrl = organizationLogoUrl;
        return this;
    }

    /** Sets {@code trusted_metadata}; copied. A null value is kept: it deletes that key. */
    public CreateOrganizationBuilder trustedMetadata(Map<String, Object> trustedMetadata) {
        this.trustedMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(trustedMetadata));
        return this;
    }

    /** Sets {@code organization_external_id}. */
    public CreateOrganizationBuilder organizationExternalId(String organizationExternalId) {
        this.organizationExternalId = organizationExternalId;
        return this;
    }

    /** Sets {@code sso_jit_provisioning}. */
    public CreateOrganizationBuilder ssoJitProvisioning(String ssoJitProvisioning) {
        this.ssoJitProvisioning = ssoJitProvisioning;
        return this;
    }

    /** Sets {@code email_allowed_domains}; copied. */
    public CreateOrganizationBuilder emailAllowedDomains(List<String> emailAllowedDomains) {
        this.emailAllowedDomains = List.copyOf(emailAllowedDomains);
        return this;
    }

    /** Sets {@code email_allowed_domains}. */
    public CreateOrganizationBuilder emailAllowedDomains(String... emailAllowedDomains) {
        this.emailAllowedDomains = List.of(emailAllowedDomains);
        return this;
    }

    /** Sets {@code email_jit_provisioning}. */
    public CreateOrganizationBuilder emailJitProvisioning(String emailJitProvisioning) {
        this.emailJitProvisioning = emailJitProvisioning;
        return this;
    }

    /** Sets {@code email_invites}. */
    public CreateOrganizationBuilder emailInvites(String emailInvites) {
        this.emailInvites = emailInvites;
        return this;
    }

    /** Sets {@code auth_methods}. */
    public CreateOrganizationBuilder authMethods(String authMethods) {
        this.authMethods = authMethods;
        return this;
    }

    /** Sets {@code allowed_auth_methods}; copied. */
    public CreateOrganizationBuilder allowedAuthMethods(List<String> allowedAuthMethods) {
        this.allowedAuthMethods = List.copyOf(allowedAuthMethods);
        return this;
    }

    /** Sets {@code allowed_auth_methods}. */
    public CreateOrganizationBuilder allowedAuthMethods(String... allowedAuthMethods) {
        this.allowedAuthMethods = List.of(allowedAuthMethods);
        return this;
    }

    /** Sets {@code mfa_policy}. */
    public CreateOrganizationBuilder mfaPolicy(String mfaPolicy) {
        this.mfaPolicy = mfaPolicy;
        return this;
    }

    /** Sets {@code rbac_email_implicit_role_assignments}; copied. */
    public CreateOrganizationBuilder rbacEmailImplicitRoleAssignments(
            List<EmailImplicitRoleAssignment> rbacEmailImplicitRoleAssignments) {
        this.rbacEmailImplicitRoleAssignments = List.copyOf(rbacEmailImplicitRoleAssignments);
        return this;
    }

    /** Sets {@code mfa_methods}. */
    public CreateOrganizationBuilder mfaMethods(String mfaMethods) {
        this.mfaMethods = mfaMethods;
        return this;
    }

    /** Sets {@code allowed_mfa_methods}; copied. */
    public CreateOrganizationBuilder allowedMfaMethods(List<String> allowedMfaMethods) {
        this.allowedMfaMethods = List.copyOf(allowedMfaMethods);
        return this;
    }

    /** Sets {@code allowed_mfa_methods}. */
    public CreateOrganizationBuilder allowedMfaMethods(String... allowedMfaMethods) {
        this.allowedMfaMethods = List.of(allowedMfaMethods);
        return this;
    }

    /** Sets {@code oauth_tenant_jit_provisioning}. */
    public CreateOrganizationBuilder oauthTenantJitProvisioning(String oauthTenantJitProvisioning) {
        this.oauthTenantJitProvisioning = oauthTenantJitProvisioning;
        return this;
    }

    /** Sets {@code allowed_oauth_tenants}; copied. */
    public CreateOrganizationBuilder allowedOauthTenants(Map<String, List<String>> allowedOauthTenants) {
        this.allowedOauthTenants = Map.copyOf(allowedOauthTenants);
        return this;
    }

    /** Sets {@code claimed_email_domains}; copied. */
    public CreateOrganizationBuilder claimedEmailDomains(List<String> claimedEmailDomains) {
        this.claimedEmailDomains = List.copyOf(claimedEmailDomains);
        return this;
    }

    /** Sets {@code claimed_email_domains}. */
    public CreateOrganizationBuilder claimedEmailDomains(String... claimedEmailDomains) {
        this.claimedEmailDomains = List.of(claimedEmailDomains);
        return this;
    }

    /** Sets {@code first_party_connected_apps_allowed_type}. */
    public CreateOrganizationBuilder firstPartyConnectedAppsAllowedType(String firstPartyConnectedAppsAllowedType) {
        this.firstPartyConnectedAppsAllowedType = firstPartyConnectedAppsAllowedType;
        return this;
    }

    /** Sets {@code allowed_first_party_connected_apps}; copied. */
    public CreateOrganizationBuilder allowedFirstPartyConnectedApps(List<String> allowedFirstPartyConnectedApps) {
        this.allowedFirstPartyConnectedApps = List.copyOf(allowedFirstPartyConnectedApps);
        return this;
    }

    /** Sets {@code allowed_first_party_connected_apps}. */
    public CreateOrganizationBuilder allowedFirstPartyConnectedApps(String... allowedFirstPartyConnectedApps) {
        this.allowedFirstPartyConnectedApps = List.of(allowedFirstPartyConnectedApps);
        return this;
    }

    /** Sets {@code third_party_connected_apps_allowed_type}. */
    public CreateOrganizationBuilder thirdPartyConnectedAppsAllowedType(String thirdPartyConnectedAppsAllowedType) {
        this.thirdPartyConnectedAppsAllowedType = thirdPartyConnectedAppsAllowedType;
        return this;
    }

    /** Sets {@code allowed_third_party_connected_apps}; copied. */
    public CreateOrganizationBuilder allowedThirdPartyConnectedApps(List<String> allowedThirdPartyConnectedApps) {
        this.allowedThirdPartyConnectedApps = List.copyOf(allowedThirdPartyConnectedApps);
        return this;
    }

    /** Sets {@code allowed_third_party_connected_apps}. */
    public CreateOrganizationBuilder allowedThirdPartyConnectedApps(String... allowedThirdPartyConnectedApps) {
        this.allowedThirdPartyConnectedApps = List.of(allowedThirdPartyConnectedApps);
        return this;
    }

    /** The request record, ready to pass to the client. */
    public CreateOrganizationRequest build() {
        return new CreateOrganizationRequest(
                organizationName,
                organizationSlug,
                organizationLogoUrl,
                trustedMetadata,
                organizationExternalId,
                ssoJitProvisioning,
                emailAllowedDomains,
                emailJitProvisioning,
                emailInvites,
                authMethods,
                allowedAuthMethods,
                mfaPolicy,
                rbacEmailImplicitRoleAssignments,
                mfaMethods,
                allowedMfaMethods,
                oauthTenantJitProvisioning,
                allowedOauthTenants,
                claimedEmailDomains,
                firstPartyConnectedAppsAllowedType,
                allowedFirstPartyConnectedApps,
                thirdPartyConnectedAppsAllowedType,
                allowedThirdPartyConnectedApps);
    }
}
