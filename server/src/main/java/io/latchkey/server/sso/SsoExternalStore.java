package io.latchkey.server.sso;

import com.fasterxml.jackson.core.type.TypeReference;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of external connections: rows of {@code sso_connections} of kind {@code external},
 * each naming its source connection. Every statement names the project.
 */
final class SsoExternalStore {
    private static final TypeReference<ExternalConfig> CONFIG = new TypeReference<>() {};
    private static final String SELECT =
            "SELECT c.connection_id, c.organization_id, c.display_name, c.role_assignments,"
                    + " c.created_at, s.connection_id AS source_id, s.organization_id AS source_organization_id"
                    + " FROM sso_connections c JOIN sso_connections s ON s.connection_id = c.source_connection_id"
                    + " WHERE c.project_id = ? AND c.kind = 'external'";

    /** An external connection with its source's id and organization. */
    record External(
            String connectionId,
            String organizationId,
            String displayName,
            ExternalConfig config,
            String sourceId,
            String sourceOrganizationId,
            Instant createdAt) {}

    void insert(
            Tx tx,
            String connectionId,
            String projectId,
            String organizationId,
            SsoConnection source,
            String displayName,
            ExternalConfig config,
            Instant now) {
        tx.update(
                "INSERT INTO sso_connections (connection_id, project_id, organization_id, kind, status, display_name,"
                        + " identity_provider, config, sealed_secret, created_at, updated_at, source_connection_id,"
                        + " role_assignments) VALUES (?, ?, ?, 'external', 'active', ?, ?, '{}', NULL, ?, ?, ?, ?)",
                connectionId,
                projectId,
                organizationId,
                displayName,
                source.identityProvider(),
                now,
                now,
                source.connectionId(),
                JsonText.write(config));
    }

    void update(Tx tx, String projectId, String connectionId, String displayName, ExternalConfig config, Instant now) {
        tx.update(
                "UPDATE sso_connections SET display_name = ?, role_assignments = ?, updated_at = ?"
                        + " WHERE project_id = ? AND connection_id = ? AND kind = 'external'",
                displayName,
                JsonText.write(config),
                now,
                projectId,
                connectionId);
    }

    /** The organization's external connection, its row locked for a read-modify-write. */
    Optional<External> findForUpdate(Tx tx, String projectId, String organizationId, String connectionId) {
        return tx.queryOne(
                SELECT + " AND c.organization_id = ? AND c.connection_id = ?"
                        + tx.dialect().forUpdate(),
                SsoExternalStore::external,
                projectId,
                organizationId,
                connectionId);
    }

    /** The external connection of this id in the project, whichever organization holds it. */
    Optional<External> find(Tx tx, String projectId, String connectionId) {
        return tx.queryOne(SELECT + " AND c.connection_id = ?", SsoExternalStore::external, projectId, connectionId);
    }

    List<External> list(Tx tx, String projectId, String organizationId) {
        return tx.query(
                SELECT + " AND c.organization_id = ? ORDER BY c.created_at, c.connection_id",
                SsoExternalStore::external,
                projectId,
                organizationId);
    }

    /** Every external connection made from a connection of {@code sourceOrganizationId}. */
    List<External> madeFromOrganization(Tx tx, String projectId, String sourceOrganizationId) {
        return tx.query(
                SELECT + " AND s.organization_id = ? ORDER BY c.created_at, c.connection_id",
                SsoExternalStore::external,
                projectId,
                sourceOrganizationId);
    }

    /** Every external connection made from {@code sourceId}. */
    List<External> madeFrom(Tx tx, String projectId, String sourceId) {
        return tx.query(
                SELECT + " AND s.connection_id = ? ORDER BY c.created_at, c.connection_id",
                SsoExternalStore::external,
                projectId,
                sourceId);
    }

    private static External external(ResultSet rs) throws SQLException {
        return new External(
                rs.getString("connection_id"),
                rs.getString("organization_id"),
                rs.getString("display_name"),
                JsonText.read(rs.getString("role_assignments"), CONFIG),
                rs.getString("source_id"),
                rs.getString("source_organization_id"),
                Tx.instant(rs, "created_at"));
    }
}
