package io.latchkey.server.organization;

import io.latchkey.api.organization.EmailImplicitRoleAssignment;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.RoleCatalog;
import io.latchkey.server.store.Tx;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Checks that the roles and SSO connections an organization's settings name exist, in the
 * writer's transaction; what was already stored stays valid. Thread-safe.
 */
final class OrganizationReferences {
    private final RoleCatalog roles;
    private volatile SsoConnectionDirectory ssoConnections;

    OrganizationReferences(RoleCatalog roles) {
        this.roles = Objects.requireNonNull(roles);
    }

    void setSsoConnectionDirectory(SsoConnectionDirectory directory) {
        this.ssoConnections = Objects.requireNonNull(directory);
    }

    /** Connections the update newly names must be the organization's own. */
    void requireKnownConnections(Tx tx, Project project, Organization current, OrganizationDraft d) {
        SsoConnectionDirectory directory = ssoConnections;
        if (directory == null) {
            return;
        }
        if (d.ssoDefaultConnectionId != null
                && !d.ssoDefaultConnectionId.equals(current.ssoDefaultConnectionId())
                && !directory.exists(tx, project.projectId(), current.organizationId(), d.ssoDefaultConnectionId)) {
            throw new ApiException(
                    ErrorType.SSO_CONNECTION_NOT_FOUND,
                    "sso_default_connection_id names no SSO connection of this organization.");
        }
        for (String id : d.ssoJitProvisioningAllowedConnections) {
            if (!current.ssoJitProvisioningAllowedConnections().contains(id)
                    && !directory.exists(tx, project.projectId(), current.organizationId(), id)) {
                throw new ApiException(
                        ErrorType.SSO_CONNECTION_NOT_FOUND,
                        "sso_jit_provisioning_allowed_connections names no SSO connection of this organization: " + id);
            }
        }
    }

    /**
     * Implicit role assignments may name only roles that exist; ones already stored stay valid even
     * if the policy has since dropped their role, so an unrelated update is never refused for them.
     */
    void requireKnownRoles(Tx tx, Project project, Organization current, OrganizationDraft draft) {
        Set<String> wanted = new LinkedHashSet<>();
        draft.rbacEmailImplicitRoleAssignments.forEach(a -> wanted.add(a.roleId()));
        if (current != null) {
            current.rbacEmailImplicitRoleAssignments().stream()
                    .map(EmailImplicitRoleAssignment::roleId)
                    .forEach(wanted::remove);
        }
        roles.requireKnown(tx, project, current, wanted);
    }
}
