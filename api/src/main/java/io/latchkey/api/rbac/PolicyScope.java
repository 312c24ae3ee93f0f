package io.latchkey.api.rbac;

import java.util.List;

/** An OAuth scope and the permissions it stands for. All fields non-null. */
public record PolicyScope(String scope, String description, List<PolicyPermission> permissions) {}
