package io.latchkey.server.member;

/**
 * A role an SSO connection gives a member: every member of the connection ({@code group} null,
 * source {@code sso_connection}) or the members of one of its IdP groups (source
 * {@code sso_connection_group}). Held only while the session has a factor of that connection.
 */
public record SsoRoleGrant(String roleId, String connectionId, String group) {}
