package io.latchkey.api.organization;

/** Every member whose email is at {@code domain} holds {@code roleId}. Both non-null. */
public record EmailImplicitRoleAssignment(String domain, String roleId) {}
