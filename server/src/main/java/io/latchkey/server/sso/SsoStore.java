package io.latchkey.server.sso;

import com.fasterxml.jackson.core.type.TypeReference;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** All SQL of the SSO room. Every statement but the callback's connection lookup names the project. */
public final class SsoStore {
  private static final TypeReference<OidcConfig> OIDC_CONFIG = new TypeReference<>() {};
  private static final String COLUMNS =
      "connection_id, project_id, organization_id, kind, status, display_name, identity_provider, config,"
          + " sealed_secret, created_at, updated_at";

  void insert(Tx tx, SsoConnection c) {
    tx.update("INSERT INTO sso_connections (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        c.connectionId(), c.projectId(), c.organizationId(), c.kind(), c.status(), c.displayName(),
        c.identityProvider(), JsonText.write(c.oidc()), c.sealedSecret(), c.createdAt(), c.updatedAt());
  }

  void update(Tx tx, SsoConnection c) {
    tx.update("UPDATE sso_connections SET status = ?, display_name = ?, identity_provider = ?, config = ?,"
            + " sealed_secret = ?, updated_at = ? WHERE project_id = ? AND connection_id = ?",
        c.status(), c.displayName(), c.identityProvider(), JsonText.write(c.oidc()), c.sealedSecret(),
        c.updatedAt(), c.projectId(), c.connectionId());
  }

  /** The connection of this organization, its row locked for a read-modify-write. */
  Optional<SsoConnection> findForUpdate(Tx tx, String projectId, String organizationId, String connectionId) {
    return tx.queryOne("SELECT " + COLUMNS + " FROM sso_connections"
            + " WHERE project_id = ? AND organization_id = ? AND connection_id = ?" + tx.dialect().forUpdate(),
        SsoStore::connection, projectId, organizationId, connectionId);
  }

  /** The connection of this project, whichever organization holds it. */
  Optional<SsoConnection> find(Tx tx, String projectId, String connectionId) {
    return tx.queryOne("SELECT " + COLUMNS + " FROM sso_connections WHERE project_id = ? AND connection_id = ?",
        SsoStore::connection, projectId, connectionId);
  }

  /**
   * A connection by id alone: an IdP's callback names only the connection, and the connection
   * names its project.
   */
  Optional<SsoConnection> findAnyProject(Tx tx, String connectionId) {
    return tx.queryOne("SELECT " + COLUMNS + " FROM sso_connections WHERE connection_id = ?",
        SsoStore::connection, connectionId);
  }

  List<SsoConnection> list(Tx tx, String projectId, String organizationId) {
    return tx.query("SELECT " + COLUMNS + " FROM sso_connections WHERE project_id = ? AND organization_id = ?"
            + " ORDER BY created_at, connection_id",
        SsoStore::connection, projectId, organizationId);
  }

  boolean delete(Tx tx, String projectId, String organizationId, String connectionId) {
    return tx.update("DELETE FROM sso_connections WHERE project_id = ? AND organization_id = ? AND connection_id = ?",
        projectId, organizationId, connectionId) == 1;
  }

  private static SsoConnection connection(ResultSet rs) throws SQLException {
    return new SsoConnection(
        rs.getString("connection_id"), rs.getString("project_id"), rs.getString("organization_id"),
        rs.getString("kind"), rs.getString("status"), rs.getString("display_name"),
        rs.getString("identity_provider"), JsonText.read(rs.getString("config"), OIDC_CONFIG),
        rs.getBytes("sealed_secret"), Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at"));
  }
}
