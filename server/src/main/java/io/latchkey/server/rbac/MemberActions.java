package io.latchkey.server.rbac;

import io.javalin.http.Context;
import io.latchkey.api.member.CreateMemberRequest;
import io.latchkey.api.member.Member;
import io.latchkey.api.member.SearchMembersRequest;
import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.api.organization.UpdateOrganizationRequest;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.session.SessionService;
import java.util.ArrayList;
import java.util.List;

/**
 * RBAC-enforced calls: the members and organizations calls an application may make on behalf of
 * a member by passing the member's session in {@code X-Stytch-Member-Session} (token) or {@code
 * X-Stytch-Member-SessionJWT}. Then the call goes ahead only when that member's roles allow every
 * action it takes (one per field it changes, as Stytch's default resources name them) on the
 * resource, in the member's own organization; on itself a member acts as {@code stytch.self}.
 * Without either header the project's secret alone authorizes the call, as it always has.
 * Fields a member can never set for itself (trusted metadata, external ids) are refused when a
 * member session is given. Thread-safe.
 */
public final class MemberActions {
    public static final String SESSION_HEADER = "X-Stytch-Member-Session";
    public static final String JWT_HEADER = "X-Stytch-Member-SessionJWT";

    /** The member session a request names; both null when it names none. */
    public record MemberCredential(String sessionToken, String sessionJwt) {
        public static MemberCredential of(Context ctx) {
            return new MemberCredential(blankToNull(ctx.header(SESSION_HEADER)), blankToNull(ctx.header(JWT_HEADER)));
        }

        public boolean present() {
            return sessionToken != null || sessionJwt != null;
        }

        private static String blankToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }

    private final SessionService sessions;
    private final OrganizationService organizations;

    public MemberActions(SessionService sessions, OrganizationService organizations) {
        this.sessions = sessions;
        this.organizations = organizations;
    }

    public void updateOrganization(
            Project project, MemberCredential as, String organizationRef, UpdateOrganizationRequest r) {
        if (!as.present()) {
            return;
        }
        refuse(r.trustedMetadata() != null, "trusted_metadata");
        refuse(r.organizationExternalId() != null, "organization_external_id");
        List<String> actions = new ArrayList<>();
        add(actions, r.organizationName() != null, "update.info.name");
        add(actions, r.organizationSlug() != null, "update.info.slug");
        add(actions, r.organizationLogoUrl() != null, "update.info.logo_url");
        add(actions, r.emailJitProvisioning() != null, "update.info.email_jit_provisioning");
        add(actions, r.emailInvites() != null, "update.info.email_invites");
        add(actions, r.emailAllowedDomains() != null || r.claimedEmailDomains() != null, "update.info.allowed_domains");
        add(actions, r.ssoDefaultConnectionId() != null, "update.info.default_sso_connection");
        add(
                actions,
                r.ssoJitProvisioning() != null || r.ssoJitProvisioningAllowedConnections() != null,
                "update.info.sso_jit_provisioning");
        add(actions, r.mfaPolicy() != null, "update.info.mfa_policy");
        add(actions, r.rbacEmailImplicitRoleAssignments() != null, "update.info.implicit_roles");
        add(
                actions,
                r.authMethods() != null
                        || r.allowedAuthMethods() != null
                        || r.oauthTenantJitProvisioning() != null
                        || r.allowedOauthTenants() != null,
                "update.settings.allowed-auth-methods");
        add(actions, r.mfaMethods() != null || r.allowedMfaMethods() != null, "update.settings.allowed-mfa-methods");
        // Connected-app settings have no action of their own in Stytch's resources; they are the
        // organization's settings at large.
        add(
                actions,
                r.firstPartyConnectedAppsAllowedType() != null
                        || r.allowedFirstPartyConnectedApps() != null
                        || r.thirdPartyConnectedAppsAllowedType() != null
                        || r.allowedThirdPartyConnectedApps() != null,
                "update.settings.allowed-auth-methods");
        require(project, as, organizationRef, DefaultPolicy.ORGANIZATION, actions);
    }

    public void deleteOrganization(Project project, MemberCredential as, String organizationRef) {
        if (as.present()) {
            require(project, as, organizationRef, DefaultPolicy.ORGANIZATION, List.of("delete"));
        }
    }

    public void createMember(Project project, MemberCredential as, String organizationRef, CreateMemberRequest r) {
        if (!as.present()) {
            return;
        }
        refuse(r.trustedMetadata() != null && !r.trustedMetadata().isEmpty(), "trusted_metadata");
        refuse(r.externalId() != null, "external_id");
        List<String> actions = new ArrayList<>(List.of("create"));
        add(actions, r.roles() != null && !r.roles().isEmpty(), "update.settings.roles");
        add(actions, Boolean.TRUE.equals(r.isBreakglass()), "update.settings.is-breakglass");
        require(project, as, organizationRef, DefaultPolicy.MEMBER, actions);
    }

    /** Changing oneself is {@code stytch.self}, except roles and break-glass, which only an admin of members may set. */
    public void updateMember(
            Project project, MemberCredential as, String organizationRef, String memberRef, UpdateMemberRequest r) {
        if (!as.present()) {
            return;
        }
        refuse(r.trustedMetadata() != null, "trusted_metadata");
        refuse(r.externalId() != null, "external_id");
        List<String> info = new ArrayList<>();
        add(info, r.name() != null, "update.info.name");
        add(info, r.untrustedMetadata() != null, "update.info.untrusted_metadata");
        add(info, r.mfaPhoneNumber() != null, "update.info.mfa-phone");
        add(info, r.mfaEnrolled() != null, "update.settings.mfa_enrolled");
        add(info, r.defaultMfaMethod() != null, "update.settings.default-mfa-method");
        add(info, r.emailAddress() != null, "update.info.email");
        List<String> settings = new ArrayList<>();
        add(settings, r.roles() != null, "update.settings.roles");
        add(settings, r.isBreakglass() != null, "update.settings.is-breakglass");
        String organizationId = organizations.get(project, organizationRef).organizationId();
        Member actor = sessions.authorizeMember(
                project, as.sessionToken(), as.sessionJwt(), organizationId, DefaultPolicy.MEMBER, settings);
        boolean self = memberRef.equals(actor.memberId()) || memberRef.equals(actor.externalId());
        sessions.authorizeMember(
                project,
                as.sessionToken(),
                as.sessionJwt(),
                organizationId,
                self ? DefaultPolicy.SELF : DefaultPolicy.MEMBER,
                info);
    }

    public void deleteMember(Project project, MemberCredential as, String organizationRef, String memberRef) {
        onMember(project, as, organizationRef, memberRef, "delete");
    }

    public void deleteMfaPhoneNumber(Project project, MemberCredential as, String organizationRef, String memberRef) {
        onMember(project, as, organizationRef, memberRef, "update.info.delete.mfa-phone");
    }

    public void deleteTotp(Project project, MemberCredential as, String organizationRef, String memberRef) {
        onMember(project, as, organizationRef, memberRef, "update.info.delete.mfa-totp");
    }

    /** {@code memberId}: the member whose password it is. */
    public void deletePassword(Project project, MemberCredential as, String organizationRef, String memberId) {
        onMember(project, as, organizationRef, memberId, "update.info.delete.password");
    }

    /** Letting go of a retired address is a change of the member's email addresses. */
    public void unlinkRetiredEmail(Project project, MemberCredential as, String organizationRef, String memberRef) {
        onMember(project, as, organizationRef, memberRef, "update.info.email");
    }

    /** An invite adds a member to the organization (and gives it roles when it names some). */
    public void invite(Project project, MemberCredential as, String organizationRef, List<String> roles) {
        if (!as.present()) {
            return;
        }
        List<String> actions = new ArrayList<>(List.of("create"));
        add(actions, roles != null && !roles.isEmpty(), "update.settings.roles");
        require(project, as, organizationRef, DefaultPolicy.MEMBER, actions);
    }

    /**
     * Requiring a reset makes the member's current password useless, as deleting it would: the
     * same action. Without an organization the call reaches every organization of the address,
     * which a member session cannot authorize.
     */
    public void requirePasswordReset(
            Project project, MemberCredential as, String organizationRef, String memberRef, String email) {
        if (!as.present()) {
            return;
        }
        if (organizationRef == null || organizationRef.isEmpty()) {
            throw new ApiException(
                    ErrorType.SESSION_AUTHORIZATION_ERROR,
                    "organization_id is required when the call is made on behalf of a member.");
        }
        String organizationId = organizations.get(project, organizationRef).organizationId();
        Member actor = sessions.authorizeMember(
                project, as.sessionToken(), as.sessionJwt(), organizationId, DefaultPolicy.MEMBER, List.of());
        boolean self = memberRef != null && !memberRef.isEmpty()
                ? memberRef.equals(actor.memberId()) || memberRef.equals(actor.externalId())
                : email != null && email.equalsIgnoreCase(actor.emailAddress());
        sessions.authorizeMember(
                project,
                as.sessionToken(),
                as.sessionJwt(),
                organizationId,
                self ? DefaultPolicy.SELF : DefaultPolicy.MEMBER,
                List.of("update.info.delete.password"));
    }

    /**
     * Revoking a member's sessions ({@code revoke-sessions} on {@code stytch.member}; on oneself
     * {@code revoke_sessions} on {@code stytch.self}). {@code organizationId} and {@code memberId}
     * are those of the member whose session or sessions go.
     */
    public void revokeSessions(Project project, MemberCredential as, String organizationId, String memberId) {
        if (!as.present()) {
            return;
        }
        Member actor = sessions.authorizeMember(
                project, as.sessionToken(), as.sessionJwt(), organizationId, DefaultPolicy.MEMBER, List.of());
        if (memberId.equals(actor.memberId())) {
            sessions.authorizeMember(
                    project,
                    as.sessionToken(),
                    as.sessionJwt(),
                    organizationId,
                    DefaultPolicy.SELF,
                    List.of("revoke_sessions"));
        } else {
            sessions.authorizeMember(
                    project,
                    as.sessionToken(),
                    as.sessionJwt(),
                    organizationId,
                    DefaultPolicy.MEMBER,
                    List.of("revoke-sessions"));
        }
    }

    /** Bringing a member back is adding one to the organization. */
    public void reactivateMember(Project project, MemberCredential as, String organizationRef, String memberRef) {
        if (as.present()) {
            require(project, as, organizationRef, DefaultPolicy.MEMBER, List.of("create"));
        }
    }

    /** The organization's SSO connections ({@code stytch.sso}): {@code action} is create, get, update or delete. */
    public void onSsoConnections(Project project, MemberCredential as, String organizationRef, String action) {
        if (as.present()) {
            require(project, as, organizationRef, DefaultPolicy.SSO, List.of(action));
        }
    }

    /** A member may search its own organization only. */
    public void searchMembers(Project project, MemberCredential as, SearchMembersRequest r) {
        if (!as.present()) {
            return;
        }
        List<String> ids = r.organizationIds() == null ? List.of() : r.organizationIds();
        if (ids.isEmpty()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "organization_ids is required.");
        }
        Member actor = sessions.authorizeMember(
                project, as.sessionToken(), as.sessionJwt(), ids.get(0), DefaultPolicy.MEMBER, List.of("search"));
        for (String id : ids) {
            if (!actor.organizationId().equals(id)) {
                throw tenancy();
            }
        }
    }

    private void onMember(
            Project project, MemberCredential as, String organizationRef, String memberRef, String action) {
        if (!as.present()) {
            return;
        }
        String organizationId = organizations.get(project, organizationRef).organizationId();
        Member actor = sessions.authorizeMember(
                project, as.sessionToken(), as.sessionJwt(), organizationId, DefaultPolicy.MEMBER, List.of());
        boolean self = memberRef.equals(actor.memberId()) || memberRef.equals(actor.externalId());
        sessions.authorizeMember(
                project,
                as.sessionToken(),
                as.sessionJwt(),
                organizationId,
                self ? DefaultPolicy.SELF : DefaultPolicy.MEMBER,
                List.of(action));
    }

    private void require(
            Project project, MemberCredential as, String organizationRef, String resource, List<String> actions) {
        // Resolved first, so an unknown organization is "not found" exactly as without a member session.
        String organizationId = organizations.get(project, organizationRef).organizationId();
        sessions.authorizeMember(project, as.sessionToken(), as.sessionJwt(), organizationId, resource, actions);
    }

    private static void add(List<String> actions, boolean when, String action) {
        if (when && !actions.contains(action)) {
            actions.add(action);
        }
    }

    private static void refuse(boolean given, String field) {
        if (given) {
            throw new ApiException(
                    ErrorType.SESSION_AUTHORIZATION_ERROR,
                    field + " cannot be set on behalf of a member; call without a member session to set it.");
        }
    }

    private static ApiException tenancy() {
        return new ApiException(
                ErrorType.SESSION_AUTHORIZATION_TENANCY_ERROR,
                "OrganizationID in AuthorizationCheck request does not match session's Organization ID.");
    }
}
