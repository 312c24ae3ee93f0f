package io.latchkey.api.sso;

/**
 * A member whose assertion names {@code group} among its groups holds {@code roleId} (source
 * {@code sso_connection_group}).
 */
public record SAMLGroupImplicitRoleAssignment(String roleId, String group) {}
