package io.latchkey.api.rbac;

import java.util.List;

/** A named set of permissions a member can hold. All fields non-null. */
public record PolicyRole(String roleId, String description, List<PolicyPermission> permissions) {}
