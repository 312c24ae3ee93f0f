package io.latchkey.api.sso;

import java.util.List;

/**
 * Body of {@code POST /v1/b2b/sso/external/{organization_id}}: the other organization and its
 * connection (both required), a display name and role assignments (optional).
 */
public record CreateExternalConnectionRequest(
        String externalOrganizationId,
        String externalConnectionId,
        String displayName,
        List<ConnectionImplicitRoleAssignment> connectionImplicitRoleAssignments,
        List<GroupImplicitRoleAssignment> groupImplicitRoleAssignments) {}
