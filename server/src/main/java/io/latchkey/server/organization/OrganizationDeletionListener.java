package io.latchkey.server.organization;

import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;

/**
 * Told about an organization's deletion inside the deleting transaction, before its rows (and
 * its members' rows) go, so dependent state such as sessions is revoked atomically with it. An
 * exception thrown here rolls the deletion back. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface OrganizationDeletionListener {
    void onOrganizationDeleted(Tx tx, Project project, String organizationId);
}
