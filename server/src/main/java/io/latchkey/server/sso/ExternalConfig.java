package io.latchkey.server.sso;

import io.latchkey.api.sso.ConnectionImplicitRoleAssignment;
import io.latchkey.api.sso.GroupImplicitRoleAssignment;
import java.util.List;

/** What an external connection keeps besides its source: its role assignments, lists never null. */
record ExternalConfig(
        List<ConnectionImplicitRoleAssignment> connectionImplicitRoleAssignments,
        List<GroupImplicitRoleAssignment> groupImplicitRoleAssignments) {
    ExternalConfig {
        connectionImplicitRoleAssignments =
                connectionImplicitRoleAssignments == null ? List.of() : List.copyOf(connectionImplicitRoleAssignments);
        groupImplicitRoleAssignments =
                groupImplicitRoleAssignments == null ? List.of() : List.copyOf(groupImplicitRoleAssignments);
    }
}
