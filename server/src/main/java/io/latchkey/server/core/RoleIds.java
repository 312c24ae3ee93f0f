package io.latchkey.server.core;

import java.util.regex.Pattern;

/**
 * RBAC role ids as organizations and members refer to them. Until an RBAC policy exists, any
 * well-formed id may be assigned except {@link #MEMBER}, which everybody holds implicitly.
 */
public final class RoleIds {
    /** Held by every member; never assigned explicitly. */
    public static final String MEMBER = "stytch_member";
    /** Makes a member an admin of its organization ({@code is_admin}). */
    public static final String ADMIN = "stytch_admin";

    private static final Pattern ROLE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private RoleIds() {}

    /**
     * Checks that {@code roleId} may be assigned explicitly.
     *
     * @throws ApiException cannot_assign_default_rbac_role_id for stytch_member, invalid_role for
     *     a malformed id
     */
    public static String requireAssignable(String roleId) {
        if (MEMBER.equals(roleId)) {
            throw new ApiException(
                    ErrorType.CANNOT_ASSIGN_DEFAULT_RBAC_ROLE_ID,
                    "stytch_member is held by every member and cannot be assigned.");
        }
        if (roleId == null || !ROLE_ID.matcher(roleId).matches()) {
            throw new ApiException(ErrorType.INVALID_ROLE, "Role ids are 1-128 letters, digits, '_', '.', ':' or '-'.");
        }
        return roleId;
    }
}
