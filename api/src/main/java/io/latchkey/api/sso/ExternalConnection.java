package io.latchkey.api.sso;

import java.util.List;

/**
 * An external connection (Stytch's {@code Connection}): this organization's use of an SSO
 * connection of another organization of the project ({@code externalOrganizationId},
 * {@code externalConnectionId}). Members log in through it with this connection's id and land in
 * this organization. Every field is non-null; {@code status} is always {@code active}.
 */
public record ExternalConnection(
        String organizationId,
        String connectionId,
        String externalOrganizationId,
        String externalConnectionId,
        String displayName,
        String status,
        List<ConnectionImplicitRoleAssignment> externalConnectionImplicitRoleAssignments,
        List<GroupImplicitRoleAssignment> externalGroupImplicitRoleAssignments) {}
