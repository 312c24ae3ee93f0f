package io.latchkey.api.rbac;

import java.util.List;

/** An organization's own roles, on top of the project policy's. {@code roles} non-null. */
public record OrgPolicy(List<PolicyRole> roles) {}
