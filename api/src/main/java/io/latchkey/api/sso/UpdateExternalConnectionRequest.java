package io.latchkey.api.sso;

import java.util.List;

/**
 * Body of {@code PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id}}. A null
 * field leaves the value unchanged; an empty list removes every assignment.
 */
public record UpdateExternalConnectionRequest(
        String displayName,
        List<ConnectionImplicitRoleAssignment> externalConnectionImplicitRoleAssignments,
        List<GroupImplicitRoleAssignment> externalGroupImplicitRoleAssignments) {}
