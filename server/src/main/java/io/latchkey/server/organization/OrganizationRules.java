package io.latchkey.server.organization;

import io.latchkey.api.organization.CreateOrganizationRequest;
import io.latchkey.api.organization.UpdateOrganizationRequest;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.Metadata;
import io.latchkey.server.core.Text;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of organization settings (contract phase 1 §1.1): each request field is checked and
 * normalised as it is applied to a draft, then {@link #checkConsistency} checks the settings
 * together. A null field leaves the draft unchanged; {@link UpdateOrganizationRequest} reads an
 * empty list or map as null, so only a non-empty one replaces a setting. A create is applied as
 * an update of a fresh draft, whose lists start empty: there {@code []} means none.
 * Stateless; touches no database (uniqueness is the service's and the store's business).
 */
final class OrganizationRules {
    static final Pattern SLUG = Pattern.compile("[A-Za-z0-9._~-]{2,128}");
    static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9._|-]{1,128}");

    private static final Set<String> ALL_RESTRICTED_NOT = Set.of("ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED");
    private static final Set<String> RESTRICTED_NOT = Set.of("RESTRICTED", "NOT_ALLOWED");
    private static final Set<String> ALL_RESTRICTED = Set.of("ALL_ALLOWED", "RESTRICTED");
    private static final Set<String> MFA_POLICIES = Set.of("OPTIONAL", "REQUIRED_FOR_ALL");
    private static final Set<String> AUTH_METHODS = Set.of(
            "sso",
            "magic_link",
            "email_otp",
            "password",
            "google_oauth",
            "microsoft_oauth",
            "slack_oauth",
            "github_oauth",
            "hubspot_oauth");
    private static final Set<String> MFA_METHODS = Set.of("sms_otp", "totp");
    private static final int MAX_NAME = 128;
    private static final int MAX_URL = 2048;

    private OrganizationRules() {}

    /** A create request as the update it amounts to on a fresh draft. */
    static UpdateOrganizationRequest asChanges(CreateOrganizationRequest c) {
        return new UpdateOrganizationRequest(
                c.organizationName(),
                c.organizationSlug(),
                c.organizationLogoUrl(),
                c.trustedMetadata(),
                c.organizationExternalId(),
                null,
                c.ssoJitProvisioning(),
                null,
                c.emailAllowedDomains(),
                c.emailJitProvisioning(),
                c.emailInvites(),
                c.authMethods(),
                c.allowedAuthMethods(),
                c.mfaPolicy(),
                c.rbacEmailImplicitRoleAssignments(),
                c.mfaMethods(),
                c.allowedMfaMethods(),
                c.oauthTenantJitProvisioning(),
                c.allowedOauthTenants(),
                c.claimedEmailDomains(),
                c.firstPartyConnectedAppsAllowedType(),
                c.allowedFirstPartyConnectedApps(),
                c.thirdPartyConnectedAppsAllowedType(),
                c.allowedThirdPartyConnectedApps());
    }

    /**
     * The email_invites default of a create that does not set it: ALL_ALLOWED when the call sets
     * no authentication setting at all, otherwise NOT_ALLOWED (contract §1.1). Empty lists and maps
     * do not count as set: the Java SDK sends them for every argument the caller left out.
     */
    static String defaultEmailInvites(CreateOrganizationRequest c) {
        boolean anyAuthSetting = c.ssoJitProvisioning() != null
                || c.emailJitProvisioning() != null
                || c.authMethods() != null
                || c.oauthTenantJitProvisioning() != null
                || isSet(c.emailAllowedDomains())
                || isSet(c.allowedAuthMethods())
                || (c.allowedOauthTenants() != null && !c.allowedOauthTenants().isEmpty());
        return anyAuthSetting ? "NOT_ALLOWED" : "ALL_ALLOWED";
    }

    private static boolean isSet(List<?> list) {
        return list != null && !list.isEmpty();
    }

    /** Applies every non-null field of {@code r} to {@code d}, checking each. */
    static void apply(OrganizationDraft d, UpdateOrganizationRequest r) {
        if (r.organizationName() != null) {
            d.name = name(r.organizationName());
        }
        if (r.organizationSlug() != null) {
            d.slug = slug(r.organizationSlug());
            d.slugDerived = false;
        }
        if (r.organizationLogoUrl() != null) {
            d.logoUrl = logoUrl(r.organizationLogoUrl());
        }
        d.trustedMetadata = Metadata.merge(d.trustedMetadata, r.trustedMetadata(), "trusted_metadata");
        if (r.organizationExternalId() != null) {
            d.externalId = externalId(r.organizationExternalId());
        }
        if (r.ssoDefaultConnectionId() != null) {
            d.ssoDefaultConnectionId = r.ssoDefaultConnectionId().isEmpty()
                    ? null
                    : OrganizationListRules.reference(r.ssoDefaultConnectionId(), "sso_default_connection_id");
        }
        if (r.ssoJitProvisioning() != null) {
            d.ssoJitProvisioning = setting(r.ssoJitProvisioning(), ALL_RESTRICTED_NOT, "sso_jit_provisioning");
        }
        if (r.ssoJitProvisioningAllowedConnections() != null) {
            d.ssoJitProvisioningAllowedConnections = OrganizationListRules.references(
                    r.ssoJitProvisioningAllowedConnections(), "sso_jit_provisioning_allowed_connections");
        }
        if (r.emailAllowedDomains() != null) {
            d.emailAllowedDomains = OrganizationListRules.domains(r.emailAllowedDomains(), "email_allowed_domains");
        }
        if (r.emailJitProvisioning() != null) {
            d.emailJitProvisioning = setting(r.emailJitProvisioning(), RESTRICTED_NOT, "email_jit_provisioning");
        }
        if (r.emailInvites() != null) {
            d.emailInvites = setting(r.emailInvites(), ALL_RESTRICTED_NOT, "email_invites");
        }
        if (r.authMethods() != null) {
            d.authMethods = oneOf(
                    r.authMethods(),
                    ALL_RESTRICTED,
                    ErrorType.INVALID_ORGANIZATION_ALLOWED_AUTH_METHODS,
                    "auth_methods");
        }
        if (r.allowedAuthMethods() != null) {
            d.allowedAuthMethods = OrganizationListRules.subset(
                    r.allowedAuthMethods(),
                    AUTH_METHODS,
                    ErrorType.INVALID_ORGANIZATION_ALLOWED_AUTH_METHODS,
                    "allowed_auth_methods");
        }
        if (r.mfaPolicy() != null) {
            d.mfaPolicy = oneOf(r.mfaPolicy(), MFA_POLICIES, ErrorType.INVALID_ORGANIZATION_MFA_POLICY, "mfa_policy");
        }
        if (r.mfaMethods() != null) {
            d.mfaMethods = oneOf(
                    r.mfaMethods(), ALL_RESTRICTED, ErrorType.INVALID_ORGANIZATION_ALLOWED_MFA_METHODS, "mfa_methods");
        }
        if (r.allowedMfaMethods() != null) {
            d.allowedMfaMethods = OrganizationListRules.subset(
                    r.allowedMfaMethods(),
                    MFA_METHODS,
                    ErrorType.INVALID_ORGANIZATION_ALLOWED_MFA_METHODS,
                    "allowed_mfa_methods");
        }
        if (r.rbacEmailImplicitRoleAssignments() != null) {
            d.rbacEmailImplicitRoleAssignments =
                    OrganizationListRules.roleAssignments(r.rbacEmailImplicitRoleAssignments());
        }
        if (r.oauthTenantJitProvisioning() != null) {
            d.oauthTenantJitProvisioning =
                    setting(r.oauthTenantJitProvisioning(), RESTRICTED_NOT, "oauth_tenant_jit_provisioning");
        }
        if (r.allowedOauthTenants() != null) {
            d.allowedOauthTenants = OrganizationListRules.oauthTenants(r.allowedOauthTenants());
        }
        if (r.claimedEmailDomains() != null) {
            d.claimedEmailDomains = OrganizationListRules.domains(r.claimedEmailDomains(), "claimed_email_domains");
        }
        if (r.firstPartyConnectedAppsAllowedType() != null) {
            d.firstPartyConnectedAppsAllowedType = setting(
                    r.firstPartyConnectedAppsAllowedType(),
                    ALL_RESTRICTED_NOT,
                    "first_party_connected_apps_allowed_type");
        }
        if (r.allowedFirstPartyConnectedApps() != null) {
            d.allowedFirstPartyConnectedApps = OrganizationListRules.references(
                    r.allowedFirstPartyConnectedApps(), "allowed_first_party_connected_apps");
        }
        if (r.thirdPartyConnectedAppsAllowedType() != null) {
            d.thirdPartyConnectedAppsAllowedType = setting(
                    r.thirdPartyConnectedAppsAllowedType(),
                    ALL_RESTRICTED_NOT,
                    "third_party_connected_apps_allowed_type");
        }
        if (r.allowedThirdPartyConnectedApps() != null) {
            d.allowedThirdPartyConnectedApps = OrganizationListRules.references(
                    r.allowedThirdPartyConnectedApps(), "allowed_third_party_connected_apps");
        }
    }

    /** Settings that only make sense together. */
    static void checkConsistency(OrganizationDraft d) {
        if (d.authMethods.equals("RESTRICTED") && d.allowedAuthMethods.isEmpty()) {
            throw new ApiException(
                    ErrorType.ALLOWED_AUTH_METHODS_REQUIRED_FOR_RESTRICTED,
                    "allowed_auth_methods must list at least one method when auth_methods is RESTRICTED.");
        }
        if (d.mfaMethods.equals("RESTRICTED") && d.allowedMfaMethods.isEmpty()) {
            throw new ApiException(
                    ErrorType.ALLOWED_MFA_METHODS_REQUIRED_FOR_RESTRICTED,
                    "allowed_mfa_methods must list at least one method when mfa_methods is RESTRICTED.");
        }
        if ((d.emailJitProvisioning.equals("RESTRICTED") || "RESTRICTED".equals(d.emailInvites))
                && d.emailAllowedDomains.isEmpty()) {
            throw new ApiException(
                    ErrorType.INVALID_RESTRICTED_EMAIL_SETTING,
                    "email_allowed_domains must list at least one domain when email_jit_provisioning or"
                            + " email_invites is RESTRICTED.");
        }
    }

    static String name(String name) {
        if (name.isBlank()) {
            throw new ApiException(ErrorType.INVALID_ORGANIZATION_NAME, "organization_name may not be blank.");
        }
        if (!Text.isPrintable(name, MAX_NAME)) {
            throw new ApiException(
                    ErrorType.INVALID_ORGANIZATION_NAME,
                    "organization_name must be 1-" + MAX_NAME + " characters without control characters.");
        }
        return name;
    }

    static String slug(String slug) {
        if (!SLUG.matcher(slug).matches() || Ids.looksLike("organization", slug)) {
            throw new ApiException(
                    ErrorType.INVALID_ORGANIZATION_SLUG,
                    "organization_slug must be 2-128 characters of letters, digits, '-', '.', '_' and '~'.");
        }
        return slug;
    }

    static String externalId(String externalId) {
        if (!EXTERNAL_ID.matcher(externalId).matches() || Ids.looksLike("organization", externalId)) {
            throw new ApiException(
                    ErrorType.INVALID_ORGANIZATION_EXTERNAL_ID,
                    "organization_external_id must be 1-128 characters of letters, digits, '.', '_', '-' and '|'.");
        }
        return externalId;
    }

    static String logoUrl(String url) {
        if (url.isEmpty()) {
            return url;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (url.length() <= MAX_URL
                    && !Text.hasControlCharacters(url)
                    && (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // Falls through to the refusal below.
        }
        throw new ApiException(
                ErrorType.INVALID_ORGANIZATION_LOGO_URL, "organization_logo_url must be an http(s) URL or empty.");
    }

    private static String setting(String value, Set<String> allowed, String field) {
        return oneOf(value, allowed, ErrorType.INVALID_ORGANIZATION_SETTING, field);
    }

    private static String oneOf(String value, Set<String> allowed, ErrorType error, String field) {
        if (!allowed.contains(value)) {
            throw new ApiException(
                    error, field + " must be one of " + String.join(", ", OrganizationListRules.sorted(allowed)) + ".");
        }
        return value;
    }
}
