package io.latchkey.server.rbac;

import io.latchkey.api.rbac.PolicyPermission;
import io.latchkey.api.rbac.PolicyRole;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether roles allow an action: exactly the rule the official SDKs apply locally, so the server
 * and an SDK never disagree. A role counts when the subject holds it and it is defined (project
 * roles, then the organization's own); it allows an action on a resource when one of its
 * permissions names that resource and lists the action or {@code *}. Stateless.
 */
public final class Permissions {
    private Permissions() {}

    /** The ids of the held roles that allow {@code action} on {@code resourceId}, in definition order. */
    public static List<String> granting(
            List<PolicyRole> projectRoles,
            List<PolicyRole> organizationRoles,
            Collection<String> held,
            String resourceId,
            String action) {
        List<String> out = new ArrayList<>();
        collect(projectRoles, held, resourceId, action, out);
        collect(organizationRoles, held, resourceId, action, out);
        return out;
    }

    public static boolean allows(
            List<PolicyRole> projectRoles,
            List<PolicyRole> organizationRoles,
            Collection<String> held,
            String resourceId,
            String action) {
        return !granting(projectRoles, organizationRoles, held, resourceId, action)
                .isEmpty();
    }

    private static void collect(
            List<PolicyRole> roles, Collection<String> held, String resourceId, String action, List<String> out) {
        for (PolicyRole role : roles) {
            if (held.contains(role.roleId()) && allows(role, resourceId, action) && !out.contains(role.roleId())) {
                out.add(role.roleId());
            }
        }
    }

    static boolean allows(PolicyRole role, String resourceId, String action) {
        for (PolicyPermission p : role.permissions()) {
            if (p.resourceId().equals(resourceId)
                    && (p.actions().contains(action) || p.actions().contains(DefaultPolicy.ALL_ACTIONS))) {
                return true;
            }
        }
        return false;
    }
}
