package io.latchkey.conformance;

import com.stytch.java.b2b.models.organizations.CreateRequestFirstPartyConnectedAppsAllowedType;
import com.stytch.java.b2b.models.organizations.CreateRequestThirdPartyConnectedAppsAllowedType;
import com.stytch.java.b2b.models.organizations.EmailImplicitRoleAssignment;
import java.util.List;
import java.util.Map;

/**
 * Readable builders for the Java SDK's request objects whose Kotlin constructors take a dozen
 * or more positional arguments. Every field a test does not set is passed as {@code null}, which
 * the SDK leaves out of the JSON body. The SDK's own shorter constructors send {@code []} /
 * {@code {}} for every list and map argument instead; an update reads both as "unchanged", and
 * tests about the SDK's defaults call those constructors directly so both forms stay covered.
 */
final class Requests {
    private Requests() {}

    static OrganizationCreate organizationCreate(String name) {
        return new OrganizationCreate(name);
    }

    static OrganizationUpdate organizationUpdate(String organizationId) {
        return new OrganizationUpdate(organizationId);
    }

    static MemberCreate memberCreate(String organizationId, String emailAddress) {
        return new MemberCreate(organizationId, emailAddress);
    }

    static MemberUpdate memberUpdate(String organizationId, String memberId) {
        return new MemberUpdate(organizationId, memberId);
    }

    static DiscoveryOrganizationCreate discoveryOrganizationCreate(String intermediateSessionToken) {
        return new DiscoveryOrganizationCreate(intermediateSessionToken);
    }

    static final class OrganizationCreate {
        private final String name;
        private String slug;
        private String logoUrl;
        private Map<String, Object> trustedMetadata;
        private String externalId;
        private List<String> emailAllowedDomains;
        private String emailJitProvisioning;
        private String emailInvites;
        private String authMethods;
        private List<String> allowedAuthMethods;
        private String mfaPolicy;
        private String mfaMethods;
        private List<String> allowedMfaMethods;
        private List<EmailImplicitRoleAssignment> rbacEmailImplicitRoleAssignments;
        private String oauthTenantJitProvisioning;
        private Map<String, Object> allowedOauthTenants;
        private List<String> claimedEmailDomains;
        private CreateRequestFirstPartyConnectedAppsAllowedType firstPartyConnectedAppsAllowedType;
        private List<String> allowedFirstPartyConnectedApps;
        private CreateRequestThirdPartyConnectedAppsAllowedType thirdPartyConnectedAppsAllowedType;
        private List<String> allowedThirdPartyConnectedApps;

        private OrganizationCreate(String name) {
            this.name = name;
        }

        OrganizationCreate slug(String value) {
            slug = value;
            return this;
        }

        OrganizationCreate logoUrl(String value) {
            logoUrl = value;
            return this;
        }

        OrganizationCreate trustedMetadata(Map<String, Object> value) {
            trustedMetadata = value;
            return this;
        }

        OrganizationCreate externalId(String value) {
            externalId = value;
            return this;
        }

        OrganizationCreate emailAllowedDomains(List<String> value) {
            emailAllowedDomains = value;
            return this;
        }

        OrganizationCreate emailJitProvisioning(String value) {
            emailJitProvisioning = value;
            return this;
        }

        OrganizationCreate emailInvites(String value) {
            emailInvites = value;
            return this;
        }

        OrganizationCreate authMethods(String value, List<String> allowed) {
            authMethods = value;
            allowedAuthMethods = allowed;
            return this;
        }

        OrganizationCreate mfaPolicy(String value) {
            mfaPolicy = value;
            return this;
        }

        OrganizationCreate mfaMethods(String value, List<String> allowed) {
            mfaMethods = value;
            allowedMfaMethods = allowed;
            return this;
        }

        OrganizationCreate rbacEmailImplicitRoleAssignments(List<EmailImplicitRoleAssignment> value) {
            rbacEmailImplicitRoleAssignments = value;
            return this;
        }

        OrganizationCreate oauthTenants(String value, Map<String, Object> allowed) {
            oauthTenantJitProvisioning = value;
            allowedOauthTenants = allowed;
            return this;
        }

        OrganizationCreate claimedEmailDomains(List<String> value) {
            claimedEmailDomains = value;
            return this;
        }

        OrganizationCreate firstPartyConnectedApps(
                CreateRequestFirstPartyConnectedAppsAllowedType value, List<String> allowed) {
            firstPartyConnectedAppsAllowedType = value;
            allowedFirstPartyConnectedApps = allowed;
            return this;
        }

        OrganizationCreate thirdPartyConnectedApps(
                CreateRequestThirdPartyConnectedAppsAllowedType value, List<String> allowed) {
            thirdPartyConnectedAppsAllowedType = value;
            allowedThirdPartyConnectedApps = allowed;
            return this;
        }

        com.stytch.java.b2b.models.organizations.CreateRequest build() {
            return new com.stytch.java.b2b.models.organizations.CreateRequest(
                    name,
                    slug,
                    logoUrl,
                    trustedMetadata,
                    externalId,
                    /* ssoJITProvisioning */ null,
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

    static final class OrganizationUpdate {
        private final String organizationId;
        private String name;
        private String slug;
        private String logoUrl;
        private Map<String, Object> trustedMetadata;
        private List<String> emailAllowedDomains;
        private String emailJitProvisioning;
        private String emailInvites;
        private String authMethods;
        private List<String> allowedAuthMethods;
        private String mfaPolicy;

        private OrganizationUpdate(String organizationId) {
            this.organizationId = organizationId;
        }

        OrganizationUpdate name(String value) {
            name = value;
            return this;
        }

        OrganizationUpdate slug(String value) {
            slug = value;
            return this;
        }

        OrganizationUpdate logoUrl(String value) {
            logoUrl = value;
            return this;
        }

        OrganizationUpdate trustedMetadata(Map<String, Object> value) {
            trustedMetadata = value;
            return this;
        }

        OrganizationUpdate emailAllowedDomains(List<String> value) {
            emailAllowedDomains = value;
            return this;
        }

        OrganizationUpdate emailJitProvisioning(String value) {
            emailJitProvisioning = value;
            return this;
        }

        OrganizationUpdate emailInvites(String value) {
            emailInvites = value;
            return this;
        }

        OrganizationUpdate authMethods(String value, List<String> allowed) {
            authMethods = value;
            allowedAuthMethods = allowed;
            return this;
        }

        OrganizationUpdate mfaPolicy(String value) {
            mfaPolicy = value;
            return this;
        }

        com.stytch.java.b2b.models.organizations.UpdateRequest build() {
            return new com.stytch.java.b2b.models.organizations.UpdateRequest(
                    organizationId,
                    name,
                    slug,
                    logoUrl,
                    trustedMetadata,
                    /* organizationExternalId */ null,
                    /* ssoDefaultConnectionId */ null,
                    /* ssoJITProvisioning */ null,
                    /* ssoJITProvisioningAllowedConnections */ null,
                    emailAllowedDomains,
                    emailJitProvisioning,
                    emailInvites,
                    authMethods,
                    allowedAuthMethods,
                    mfaPolicy,
                    /* rbacEmailImplicitRoleAssignments */ null,
                    /* mfaMethods */ null,
                    /* allowedMfaMethods */ null,
                    /* oauthTenantJITProvisioning */ null,
                    /* allowedOAuthTenants */ null,
                    /* claimedEmailDomains */ null,
                    /* firstPartyConnectedAppsAllowedType */ null,
                    /* allowedFirstPartyConnectedApps */ null,
                    /* thirdPartyConnectedAppsAllowedType */ null,
                    /* allowedThirdPartyConnectedApps */ null);
        }
    }

    static final class MemberCreate {
        private final String organizationId;
        private final String emailAddress;
        private String name;
        private Map<String, Object> trustedMetadata;
        private Map<String, Object> untrustedMetadata;
        private Boolean createMemberAsPending;
        private List<String> roles;
        private String externalId;

        private MemberCreate(String organizationId, String emailAddress) {
            this.organizationId = organizationId;
            this.emailAddress = emailAddress;
        }

        MemberCreate name(String value) {
            name = value;
            return this;
        }

        MemberCreate trustedMetadata(Map<String, Object> value) {
            trustedMetadata = value;
            return this;
        }

        MemberCreate untrustedMetadata(Map<String, Object> value) {
            untrustedMetadata = value;
            return this;
        }

        MemberCreate pending() {
            createMemberAsPending = true;
            return this;
        }

        MemberCreate roles(List<String> value) {
            roles = value;
            return this;
        }

        MemberCreate externalId(String value) {
            externalId = value;
            return this;
        }

        com.stytch.java.b2b.models.organizationsmembers.CreateRequest build() {
            return new com.stytch.java.b2b.models.organizationsmembers.CreateRequest(
                    organizationId,
                    emailAddress,
                    name,
                    trustedMetadata,
                    untrustedMetadata,
                    createMemberAsPending,
                    /* isBreakglass */ null,
                    /* mfaPhoneNumber */ null,
                    /* mfaEnrolled */ null,
                    roles,
                    externalId);
        }
    }

    static final class MemberUpdate {
        private final String organizationId;
        private final String memberId;
        private String name;
        private Map<String, Object> trustedMetadata;
        private Map<String, Object> untrustedMetadata;
        private List<String> roles;

        private MemberUpdate(String organizationId, String memberId) {
            this.organizationId = organizationId;
            this.memberId = memberId;
        }

        MemberUpdate name(String value) {
            name = value;
            return this;
        }

        MemberUpdate trustedMetadata(Map<String, Object> value) {
            trustedMetadata = value;
            return this;
        }

        MemberUpdate untrustedMetadata(Map<String, Object> value) {
            untrustedMetadata = value;
            return this;
        }

        MemberUpdate roles(List<String> value) {
            roles = value;
            return this;
        }

        com.stytch.java.b2b.models.organizationsmembers.UpdateRequest build() {
            return new com.stytch.java.b2b.models.organizationsmembers.UpdateRequest(
                    organizationId,
                    memberId,
                    name,
                    trustedMetadata,
                    untrustedMetadata,
                    /* isBreakglass */ null,
                    /* mfaPhoneNumber */ null,
                    /* mfaEnrolled */ null,
                    roles,
                    /* preserveExistingSessions */ null,
                    /* defaultMfaMethod */ null,
                    /* emailAddress */ null,
                    /* externalId */ null,
                    /* unlinkEmail */ null);
        }
    }

    /** discovery.organizations.create; settings a test does not set are left to the server's defaults. */
    static final class DiscoveryOrganizationCreate {
        private final String intermediateSessionToken;
        private Integer sessionDurationMinutes;
        private String name;
        private String slug;
        private List<String> emailAllowedDomains;
        private String emailJitProvisioning;
        private String mfaPolicy;

        private DiscoveryOrganizationCreate(String intermediateSessionToken) {
            this.intermediateSessionToken = intermediateSessionToken;
        }

        DiscoveryOrganizationCreate sessionDurationMinutes(Integer value) {
            sessionDurationMinutes = value;
            return this;
        }

        DiscoveryOrganizationCreate name(String value) {
            name = value;
            return this;
        }

        DiscoveryOrganizationCreate slug(String value) {
            slug = value;
            return this;
        }

        DiscoveryOrganizationCreate emailAllowedDomains(List<String> value) {
            emailAllowedDomains = value;
            return this;
        }

        DiscoveryOrganizationCreate emailJitProvisioning(String value) {
            emailJitProvisioning = value;
            return this;
        }

        DiscoveryOrganizationCreate mfaPolicy(String value) {
            mfaPolicy = value;
            return this;
        }

        com.stytch.java.b2b.models.discoveryorganizations.CreateRequest build() {
            return new com.stytch.java.b2b.models.discoveryorganizations.CreateRequest(
                    intermediateSessionToken,
                    sessionDurationMinutes,
                    /* sessionCustomClaims */ null,
                    name,
                    slug,
                    /* organizationExternalId */ null,
                    /* organizationLogoURL */ null,
                    /* trustedMetadata */ null,
                    /* ssoJITProvisioning */ null,
                    emailAllowedDomains,
                    emailJitProvisioning,
                    /* emailInvites */ null,
                    /* authMethods */ null,
                    /* allowedAuthMethods */ null,
                    mfaPolicy,
                    /* rbacEmailImplicitRoleAssignments */ null,
                    /* mfaMethods */ null,
                    /* allowedMfaMethods */ null,
                    /* oauthTenantJITProvisioning */ null,
                    /* allowedOAuthTenants */ null,
                    /* firstPartyConnectedAppsAllowedType */ null,
                    /* allowedFirstPartyConnectedApps */ null,
                    /* thirdPartyConnectedAppsAllowedType */ null,
                    /* allowedThirdPartyConnectedApps */ null,
                    /* telemetryId */ null);
        }
    }
}
