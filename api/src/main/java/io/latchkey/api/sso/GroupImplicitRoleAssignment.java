package io.latchkey.api.sso;

/** A role held by members the IdP puts in {@code group}; both fields not null. */
public record GroupImplicitRoleAssignment(String roleId, String group) {}
