package io.latchkey.server.rbac;

import io.latchkey.api.organization.Organization;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import java.util.Collection;

/**
 * Which role ids may be assigned in an organization: the project policy's roles and the
 * organization's own. Members and organizations ask before they store a role assignment.
 */
public interface RoleCatalog {
    /** Accepts every well-formed id; for services built without RBAC (and their unit tests). */
    RoleCatalog ANY = (tx, project, organization, roleIds) -> {};

    /**
     * @param organization the organization the roles are for; null while it is being created (then
     *     only the project's roles count)
     * @throws io.latchkey.server.core.ApiException invalid_role naming the first unknown role id
     */
    void requireKnown(Tx tx, Project project, Organization organization, Collection<String> roleIds);
}
