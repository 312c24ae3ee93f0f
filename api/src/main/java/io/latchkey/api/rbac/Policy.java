package io.latchkey.api.rbac;

import java.util.List;

/**
 * A project's RBAC policy: every role, resource and scope, Stytch's defaults included. All lists
 * non-null.
 */
public record Policy(List<PolicyRole> roles, List<PolicyResource> resources, List<PolicyScope> scopes) {}
