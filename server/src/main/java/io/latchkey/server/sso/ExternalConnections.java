package io.latchkey.server.sso;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.sso.ConnectionImplicitRoleAssignment;
import io.latchkey.api.sso.CreateExternalConnectionRequest;
import io.latchkey.api.sso.ExternalConnection;
import io.latchkey.api.sso.ExternalConnectionResponse;
import io.latchkey.api.sso.GroupImplicitRoleAssignment;
import io.latchkey.api.sso.UpdateExternalConnectionRequest;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.RoleIds;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.sso.SsoExternalStore.External;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * External connections: an organization signing its members in through an SSO connection that
 * another organization of the project set up (a parent company's IdP shared with its
 * subsidiaries). The external connection has its own id, is always {@code active}, and a login
 * through it lands in its own organization. It goes when its source connection or the source's
 * organization goes, and the organizations that used it are told in the same transaction.
 * Thread-safe.
 */
public final class ExternalConnections {
    private static final int MAX_ASSIGNMENTS = 100;
    private static final int MAX_GROUP = 256;

    /** Writes an organization's {@code sso_active_connections} and default after its connections changed. */
    interface OrganizationSync {
        void sync(Tx tx, Project project, Organization org, String defaultConnectionId);
    }

    private final Database db;
    private final SsoStore connections;
    private final SsoExternalStore store;
    private final OrganizationService organizations;
    private final OrganizationSync sync;
    private final Clock clock;

    ExternalConnections(
            Database db,
            SsoStore connections,
            SsoExternalStore store,
            OrganizationService organizations,
            OrganizationSync sync,
            Clock clock) {
        this.db = db;
        this.connections = connections;
        this.store = store;
        this.organizations = organizations;
        this.sync = sync;
        this.clock = clock;
    }

    /**
     * {@code POST /v1/b2b/sso/external/{organization_id}}: the source must be a SAML or OIDC
     * connection of another organization of this project; the new connection becomes the
     * organization's default when it has none.
     */
    public ExternalConnectionResponse create(
            Project project, String organizationRef, CreateExternalConnectionRequest r) {
        if (r == null || blank(r.externalOrganizationId()) || blank(r.externalConnectionId())) {
            throw new ApiException(
                    ErrorType.MISSING_REQUIRED_FIELD,
                    "external_organization_id and external_connection_id are required.");
        }
        ExternalConfig config = new ExternalConfig(
                roles(r.connectionImplicitRoleAssignments()), groups(r.groupImplicitRoleAssignments()));
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            Organization other = organizations.resolve(tx, project, r.externalOrganizationId());
            if (other.organizationId().equals(org.organizationId())) {
                throw new ApiException(
                        ErrorType.INVALID_ARGUMENT,
                        "external_organization_id must be another organization: this one can use its own connection.");
            }
            SsoConnection source = connections
                    .find(tx, project.projectId(), r.externalConnectionId())
                    .filter(c -> c.organizationId().equals(other.organizationId()))
                    .orElseThrow(SsoService::connectionNotFound);
            if (!SsoConnection.OIDC.equals(source.kind()) && !"saml".equals(source.kind())) {
                throw new ApiException(
                        ErrorType.INVALID_ARGUMENT,
                        "external_connection_id must be a SAML or OIDC connection, not another external connection.");
            }
            String displayName =
                    r.displayName() == null ? source.displayName() : SsoService.displayName(r.displayName());
            Instant now = Timestamps.truncate(clock.instant());
            String id = Ids.newId("external-connection", project.environment());
            store.insert(tx, id, project.projectId(), org.organizationId(), source, displayName, config, now);
            sync.sync(tx, project, org, org.ssoDefaultConnectionId() == null ? id : org.ssoDefaultConnectionId());
            return ExternalConnectionResponse.of(
                    render(store.find(tx, project.projectId(), id).orElseThrow()));
        });
    }

    /** {@code PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id}}: null fields stay. */
    public ExternalConnectionResponse update(
            Project project, String organizationRef, String connectionId, UpdateExternalConnectionRequest r) {
        if (r == null) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "A JSON body is required.");
        }
        String displayName = r.displayName() == null ? null : SsoService.displayName(r.displayName());
        List<ConnectionImplicitRoleAssignment> roles = r.externalConnectionImplicitRoleAssignments() == null
                ? null
                : roles(r.externalConnectionImplicitRoleAssignments());
        List<GroupImplicitRoleAssignment> groups = r.externalGroupImplicitRoleAssignments() == null
                ? null
                : groups(r.externalGroupImplicitRoleAssignments());
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            External e = store.findForUpdate(tx, project.projectId(), org.organizationId(), connectionId)
                    .orElseThrow(SsoService::connectionNotFound);
            ExternalConfig config = new ExternalConfig(
                    roles == null ? e.config().connectionImplicitRoleAssignments() : roles,
                    groups == null ? e.config().groupImplicitRoleAssignments() : groups);
            store.update(
                    tx,
                    project.projectId(),
                    e.connectionId(),
                    displayName == null ? e.displayName() : displayName,
                    config,
                    Timestamps.truncate(clock.instant()));
            sync.sync(tx, project, org, org.ssoDefaultConnectionId());
            return ExternalConnectionResponse.of(
                    render(store.find(tx, project.projectId(), e.connectionId()).orElseThrow()));
        });
    }

    /** The organization's external connections, oldest first. */
    List<ExternalConnection> list(Tx tx, Project project, String organizationId) {
        return store.list(tx, project.projectId(), organizationId).stream()
                .map(ExternalConnections::render)
                .toList();
    }

    /** The connection a login through this external connection goes through; empty for any other id. */
    java.util.Optional<External> find(Tx tx, String projectId, String connectionId) {
        return store.find(tx, projectId, connectionId);
    }

    /**
     * Before {@code sourceId} is deleted: the external connections made from it go first, and
     * their organizations' lists (and default, when it was one of them) are updated.
     */
    void beforeSourceDeleted(Tx tx, Project project, String sourceId) {
        removeAll(tx, project, store.madeFrom(tx, project.projectId(), sourceId));
    }

    /** An {@code OrganizationDeletionListener}: the external connections made from its connections go too. */
    public void onOrganizationDeleted(Tx tx, Project project, String organizationId) {
        List<External> made = store.madeFromOrganization(tx, project.projectId(), organizationId);
        if (made.isEmpty()) {
            return;
        }
        removeAll(tx, project, made);
    }

    private void removeAll(Tx tx, Project project, List<External> made) {
        Set<String> affected = new LinkedHashSet<>();
        for (External e : made) {
            connections.delete(tx, project.projectId(), e.organizationId(), e.connectionId());
            affected.add(e.organizationId());
        }
        for (String organizationId : affected) {
            Organization org = organizations.resolve(tx, project, organizationId);
            String current = org.ssoDefaultConnectionId();
            boolean lostDefault = made.stream().anyMatch(e -> e.connectionId().equals(current));
            sync.sync(tx, project, org, lostDefault ? null : current);
        }
    }

    static ExternalConnection render(External e) {
        return new ExternalConnection(
                e.organizationId(),
                e.connectionId(),
                e.sourceOrganizationId(),
                e.sourceId(),
                e.displayName(),
                "active",
                e.config().connectionImplicitRoleAssignments(),
                e.config().groupImplicitRoleAssignments());
    }

    private static List<ConnectionImplicitRoleAssignment> roles(List<ConnectionImplicitRoleAssignment> values) {
        if (values == null) {
            return List.of();
        }
        checkSize(values.size());
        Set<String> seen = new LinkedHashSet<>();
        for (ConnectionImplicitRoleAssignment a : values) {
            if (a == null) {
                throw new ApiException(ErrorType.INVALID_ARGUMENT, "Role assignments need a role_id.");
            }
            seen.add(RoleIds.requireAssignable(a.roleId()));
        }
        return seen.stream().map(ConnectionImplicitRoleAssignment::new).toList();
    }

    private static List<GroupImplicitRoleAssignment> groups(List<GroupImplicitRoleAssignment> values) {
        if (values == null) {
            return List.of();
        }
        checkSize(values.size());
        List<GroupImplicitRoleAssignment> out = new ArrayList<>();
        for (GroupImplicitRoleAssignment a : values) {
            if (a == null
                    || blank(a.group())
                    || a.group().length() > MAX_GROUP
                    || a.group().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw new ApiException(
                        ErrorType.INVALID_ARGUMENT,
                        "Group role assignments need a role_id and a group of at most " + MAX_GROUP + " characters.");
            }
            GroupImplicitRoleAssignment normalised =
                    new GroupImplicitRoleAssignment(RoleIds.requireAssignable(a.roleId()), a.group());
            if (!out.contains(normalised)) {
                out.add(normalised);
            }
        }
        return out;
    }

    private static void checkSize(int size) {
        if (size > MAX_ASSIGNMENTS) {
            throw new ApiException(
                    ErrorType.INVALID_ARGUMENT, "At most " + MAX_ASSIGNMENTS + " role assignments per list.");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
