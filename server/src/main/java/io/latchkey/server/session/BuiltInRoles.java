package io.latchkey.server.session;

/**
 * The two roles every project has. Custom RBAC policies are not modelled yet, so authorization
 * checks are decided by these alone: an admin may do anything in its organization; a member may
 * act on itself ({@code stytch.self}).
 */
final class BuiltInRoles {
  static final String MEMBER = "stytch_member";
  static final String ADMIN = "stytch_admin";

  private BuiltInRoles() {}

  static boolean grants(String role, String resourceId, String action) {
    if (ADMIN.equals(role)) {
      return true;
    }
    return MEMBER.equals(role) && "stytch.self".equals(resourceId);
  }
}
