package io.latchkey.api.sso;

/** Every member who logs in through the connection holds {@code roleId} (source {@code sso_connection}). */
public record SAMLConnectionImplicitRoleAssignment(String roleId) {}
