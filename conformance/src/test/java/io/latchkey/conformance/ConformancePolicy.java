package io.latchkey.conformance;

import io.latchkey.api.rbac.Policy;
import io.latchkey.api.rbac.PolicyPermission;
import io.latchkey.api.rbac.PolicyResource;
import io.latchkey.api.rbac.PolicyRole;
import io.latchkey.server.testing.TestServer;
import java.util.List;

/**
 * The RBAC policy of the conformance suites' test project, set the way an operator sets it (the
 * policy has no API call of its own: Stytch edits it in its dashboard, Latchkey on the command
 * line). A custom {@code billing} resource, a role for it, and {@code editor}, a role the members
 * suites assign.
 */
final class ConformancePolicy {
    static final Policy POLICY = new Policy(
            List.of(
                    new PolicyRole(
                            "stytch_member",
                            "Every member",
                            List.of(new PolicyPermission("stytch.self", List.of("*")))),
                    new PolicyRole(
                            "stytch_admin",
                            "Organization admins",
                            List.of(
                                    new PolicyPermission("stytch.organization", List.of("*")),
                                    new PolicyPermission("stytch.member", List.of("*")),
                                    new PolicyPermission("stytch.sso", List.of("*")),
                                    new PolicyPermission("stytch.scim", List.of("*")),
                                    new PolicyPermission("billing", List.of("read")))),
                    new PolicyRole(
                            "billing_admin", "Manages billing", List.of(new PolicyPermission("billing", List.of("*")))),
                    new PolicyRole("editor", "Edits content", List.of())),
            List.of(new PolicyResource("billing", "Invoices and plans", List.of("read", "update", "cancel"))),
            List.of());

    private ConformancePolicy() {}

    static TestServer apply(TestServer server) {
        server.app().rbacPolicies().set(server.projectId(), POLICY);
        return server;
    }
}
