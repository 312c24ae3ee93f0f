package io.latchkey.server.rbac;

import io.latchkey.api.rbac.PolicyPermission;
import io.latchkey.api.rbac.PolicyResource;
import io.latchkey.api.rbac.PolicyRole;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stytch's default resources and roles, which every project has. The resources and their actions
 * are Stytch's and cannot be changed; the two roles cannot be removed, but a project may change
 * what they allow. Their default permissions are those of Stytch's RBAC guide: every member
 * ({@code stytch_member}) may do anything to itself, an admin ({@code stytch_admin}) anything to
 * its organization, its members and their SSO and SCIM connections. Stateless.
 */
public final class DefaultPolicy {
    public static final String MEMBER_ROLE = "stytch_member";
    public static final String ADMIN_ROLE = "stytch_admin";
    /** Resource ids starting with this belong to Stytch. */
    public static final String RESERVED_RESOURCE_PREFIX = "stytch";
    /** Role ids starting with this belong to Stytch. */
    public static final String RESERVED_ROLE_PREFIX = "stytch_";

    public static final String ALL_ACTIONS = "*";

    public static final String SELF = "stytch.self";
    public static final String ORGANIZATION = "stytch.organization";
    public static final String MEMBER = "stytch.member";
    public static final String SSO = "stytch.sso";
    public static final String SCIM = "stytch.scim";

    public static final List<PolicyResource> RESOURCES = List.of(
            new PolicyResource(
                    ORGANIZATION,
                    "Controls the member's own organization.",
                    List.of(
                            "update.info.name",
                            "update.info.slug",
                            "update.info.logo_url",
                            "update.info.untrusted_metadata",
                            "update.info.email_jit_provisioning",
                            "update.info.email_invites",
                            "update.info.allowed_domains",
                            "update.info.default_sso_connection",
                            "update.info.sso_jit_provisioning",
                            "update.info.mfa_policy",
                            "update.info.implicit_roles",
                            "update.settings.allowed-auth-methods",
                            "update.settings.allowed-mfa-methods",
                            "delete")),
            new PolicyResource(
                    MEMBER,
                    "Controls every member of the member's organization.",
                    List.of(
                            "create",
                            "update.info.name",
                            "update.info.email",
                            "update.info.untrusted_metadata",
                            "update.info.mfa-phone",
                            "update.info.delete.mfa-phone",
                            "update.info.delete.mfa-totp",
                            "update.info.delete.password",
                            "update.settings.is-breakglass",
                            "update.settings.mfa_enrolled",
                            "update.settings.default-mfa-method",
                            "update.settings.roles",
                            "search",
                            "revoke-sessions",
                            "delete")),
            new PolicyResource(
                    SSO,
                    "Controls the SSO connections of the member's organization.",
                    List.of("create", "get", "update", "delete")),
            new PolicyResource(
                    SCIM,
                    "Controls the SCIM connections of the member's organization.",
                    List.of("create", "update", "delete")),
            new PolicyResource(
                    SELF,
                    "Controls the member's own member record.",
                    List.of(
                            "update.info.name",
                            "update.info.email",
                            "update.info.untrusted_metadata",
                            "update.info.mfa-phone",
                            "update.info.delete.mfa-phone",
                            "update.info.delete.mfa-totp",
                            "update.info.delete.password",
                            "update.settings.mfa_enrolled",
                            "update.settings.default-mfa-method",
                            "revoke_sessions",
                            "delete")));

    public static final Map<String, PolicyResource> RESOURCES_BY_ID =
            RESOURCES.stream().collect(Collectors.toUnmodifiableMap(PolicyResource::resourceId, Function.identity()));

    public static final PolicyRole MEMBER_DEFAULT = new PolicyRole(
            MEMBER_ROLE,
            "Granted to every member of an organization.",
            List.of(new PolicyPermission(SELF, List.of(ALL_ACTIONS))));

    public static final PolicyRole ADMIN_DEFAULT = new PolicyRole(
            ADMIN_ROLE,
            "Administers the member's organization.",
            List.of(
                    new PolicyPermission(ORGANIZATION, List.of(ALL_ACTIONS)),
                    new PolicyPermission(MEMBER, List.of(ALL_ACTIONS)),
                    new PolicyPermission(SSO, List.of(ALL_ACTIONS)),
                    new PolicyPermission(SCIM, List.of(ALL_ACTIONS))));

    public static final List<PolicyRole> ROLES = List.of(MEMBER_DEFAULT, ADMIN_DEFAULT);

    private DefaultPolicy() {}

    public static boolean isDefaultRole(String roleId) {
        return MEMBER_ROLE.equals(roleId) || ADMIN_ROLE.equals(roleId);
    }
}
