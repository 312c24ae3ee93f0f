package io.latchkey.api.sso;

/** A role every member who logs in through the connection holds ({@code role_id}, not null). */
public record ConnectionImplicitRoleAssignment(String roleId) {}
