package io.latchkey.api.organization;

import java.util.List;

/** An organization-specific RBAC role. All fields non-null. */
public record CustomRole(String roleId, String description, List<CustomRolePermission> permissions) {}
