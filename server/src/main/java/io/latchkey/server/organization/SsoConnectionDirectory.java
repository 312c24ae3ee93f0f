package io.latchkey.server.organization;

import io.latchkey.server.store.Tx;

/**
 * Which SSO connections an organization has, as the SSO room knows them: an organization's
 * settings may only name its own connections ({@code sso_default_connection_id},
 * {@code sso_jit_provisioning_allowed_connections}).
 */
public interface SsoConnectionDirectory {
    /** Whether the organization has a connection with this id, read in the caller's transaction. */
    boolean exists(Tx tx, String projectId, String organizationId, String connectionId);
}
