package io.latchkey.server.testing;

import io.latchkey.api.rbac.Policy;
import io.latchkey.api.rbac.PolicyRole;
import io.latchkey.server.App;
import java.util.ArrayList;
import java.util.List;

/**
 * Project RBAC policies for tests. Members and implicit assignments may hold only roles the
 * policy defines, so a test that assigns its own role ids defines them first.
 */
public final class TestPolicies {
    private TestPolicies() {}

    /** Gives the project Stytch's default roles plus {@code roleIds}, which allow nothing. */
    public static void defineRoles(App app, String projectId, String... roleIds) {
        Policy current = app.rbacPolicies().get(projectId);
        List<PolicyRole> roles = new ArrayList<>(current.roles());
        for (String id : roleIds) {
            if (roles.stream().noneMatch(r -> r.roleId().equals(id))) {
                roles.add(new PolicyRole(id, "A test role", List.of()));
            }
        }
        app.rbacPolicies().set(projectId, new Policy(roles, current.resources(), current.scopes()));
    }

    public static void defineRoles(TestServer server, String... roleIds) {
        defineRoles(server.app(), server.projectId(), roleIds);
    }
}
