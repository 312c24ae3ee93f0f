package io.latchkey.server.sso;

import com.fasterxml.jackson.core.type.TypeReference;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All SQL of the SSO room. Every statement but the callback's connection lookup names the project. */
public final class SsoStore {
    private static final TypeReference<OidcConfig> OIDC_CONFIG = new TypeReference<>() {};
    private static final TypeReference<SamlConfig> SAML_CONFIG = new TypeReference<>() {};
    private static final String COLUMNS =
            "connection_id, project_id, organization_id, kind, status, display_name, identity_provider, config,"
                    + " sealed_secret, created_at, updated_at";

    void insert(Tx tx, SsoConnection c) {
        tx.update(
                "INSERT INTO sso_connections (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.connectionId(),
                c.projectId(),
                c.organizationId(),
                c.kind(),
                c.status(),
                c.displayName(),
                c.identityProvider(),
                JsonText.write(c.config()),
                c.sealedSecret(),
                c.createdAt(),
                c.updatedAt());
    }

    void update(Tx tx, SsoConnection c) {
        tx.update(
                "UPDATE sso_connections SET status = ?, display_name = ?, identity_provider = ?, config = ?,"
                        + " sealed_secret = ?, updated_at = ? WHERE project_id = ? AND connection_id = ?",
                c.status(),
                c.displayName(),
                c.identityProvider(),
                JsonText.write(c.config()),
                c.sealedSecret(),
                c.updatedAt(),
                c.projectId(),
                c.connectionId());
    }

    /** The connection of this organization, its row locked for a read-modify-write. */
    Optional<SsoConnection> findForUpdate(Tx tx, String projectId, String organizationId, String connectionId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM sso_connections"
                        + " WHERE project_id = ? AND organization_id = ? AND connection_id = ?"
                        + tx.dialect().forUpdate(),
                SsoStore::connection,
                projectId,
                organizationId,
                connectionId);
    }

    /** The connection of this project, whichever organization holds it. */
    Optional<SsoConnection> find(Tx tx, String projectId, String connectionId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM sso_connections WHERE project_id = ? AND connection_id = ?",
                SsoStore::connection,
                projectId,
                connectionId);
    }

    /**
     * A connection by id alone: an IdP's callback names only the connection, and the connection
     * names its project.
     */
    Optional<SsoConnection> findAnyProject(Tx tx, String connectionId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM sso_connections WHERE connection_id = ?",
                SsoStore::connection,
                connectionId);
    }

    List<SsoConnection> list(Tx tx, String projectId, String organizationId) {
        return tx.query(
                "SELECT " + COLUMNS + " FROM sso_connections WHERE project_id = ? AND organization_id = ?"
                        + " ORDER BY created_at, connection_id",
                SsoStore::connection,
                projectId,
                organizationId);
    }

    boolean delete(Tx tx, String projectId, String organizationId, String connectionId) {
        return tx.update(
                        "DELETE FROM sso_connections WHERE project_id = ? AND organization_id = ? AND connection_id = ?",
                        projectId,
                        organizationId,
                        connectionId)
                == 1;
    }

    // ---------------------------------------------------------------- logins in flight

    /**
     * An OIDC authorization request this server sent; see the sso_oidc_requests table. {@code
     * viaConnectionId} is the external connection the login was started through, or null.
     */
    record OidcRequest(
            String projectId,
            String connectionId,
            String viaConnectionId,
            String nonceHash,
            byte[] sealedVerifier,
            String loginRedirectUrl,
            String signupRedirectUrl,
            String pkceCodeChallenge) {}

    /**
     * What an SSO token stands for until it is redeemed. {@code attributes} is what the IdP said
     * of the member besides email and subject (SAML: names and groups), never null.
     */
    record PendingLogin(
            String projectId,
            String organizationId,
            String connectionId,
            String emailAddress,
            String subject,
            String name,
            String pkceCodeChallenge,
            Map<String, Object> attributes) {}

    void insertOidcRequest(Tx tx, String stateHash, OidcRequest r, java.time.Instant now, java.time.Instant expires) {
        tx.update(
                "INSERT INTO sso_oidc_requests (state_hash, project_id, connection_id, via_connection_id, nonce_hash,"
                        + " sealed_verifier, login_redirect_url, signup_redirect_url, pkce_code_challenge, created_at,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                stateHash,
                r.projectId(),
                r.connectionId(),
                r.viaConnectionId(),
                r.nonceHash(),
                r.sealedVerifier(),
                r.loginRedirectUrl(),
                r.signupRedirectUrl(),
                r.pkceCodeChallenge(),
                now,
                expires);
    }

    /**
     * Spends the request of this state for this connection: present only the first time, and only
     * before it expires. The row count decides, so two callbacks racing with one state get one login.
     */
    Optional<OidcRequest> consumeOidcRequest(Tx tx, String connectionId, String stateHash, java.time.Instant now) {
        int spent = tx.update(
                "UPDATE sso_oidc_requests SET used_at = ? WHERE state_hash = ? AND connection_id = ?"
                        + " AND used_at IS NULL AND expires_at > ?",
                now,
                stateHash,
                connectionId,
                now);
        if (spent != 1) {
            return Optional.empty();
        }
        return tx.queryOne(
                "SELECT project_id, connection_id, via_connection_id, nonce_hash, sealed_verifier, login_redirect_url,"
                        + " signup_redirect_url, pkce_code_challenge FROM sso_oidc_requests WHERE state_hash = ?",
                rs -> new OidcRequest(
                        rs.getString("project_id"),
                        rs.getString("connection_id"),
                        rs.getString("via_connection_id"),
                        rs.getString("nonce_hash"),
                        rs.getBytes("sealed_verifier"),
                        rs.getString("login_redirect_url"),
                        rs.getString("signup_redirect_url"),
                        rs.getString("pkce_code_challenge")),
                stateHash);
    }

    void insertToken(Tx tx, String tokenHash, PendingLogin l, java.time.Instant now, java.time.Instant expires) {
        tx.update(
                "INSERT INTO sso_tokens (token_hash, project_id, organization_id, connection_id, email_address,"
                        + " subject, name, pkce_code_challenge, attributes, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tokenHash,
                l.projectId(),
                l.organizationId(),
                l.connectionId(),
                l.emailAddress(),
                l.subject(),
                l.name(),
                l.pkceCodeChallenge(),
                JsonText.write(l.attributes()),
                now,
                expires);
    }

    /** The unspent token of this project, expired or not. */
    Optional<PendingLogin> findToken(Tx tx, String projectId, String tokenHash) {
        return tx.queryOne(
                "SELECT project_id, organization_id, connection_id, email_address, subject, name,"
                        + " pkce_code_challenge, attributes FROM sso_tokens WHERE project_id = ? AND token_hash = ?",
                rs -> new PendingLogin(
                        rs.getString("project_id"),
                        rs.getString("organization_id"),
                        rs.getString("connection_id"),
                        rs.getString("email_address"),
                        rs.getString("subject"),
                        rs.getString("name"),
                        rs.getString("pkce_code_challenge"),
                        JsonText.readMap(rs.getString("attributes"))),
                projectId,
                tokenHash);
    }

    /** Spends the token; false when it was already spent or has expired. */
    boolean consumeToken(Tx tx, String projectId, String tokenHash, java.time.Instant now) {
        return tx.update(
                        "UPDATE sso_tokens SET used_at = ? WHERE project_id = ? AND token_hash = ?"
                                + " AND used_at IS NULL AND expires_at > ?",
                        now,
                        projectId,
                        tokenHash,
                        now)
                == 1;
    }

    private static SsoConnection connection(ResultSet rs) throws SQLException {
        String kind = rs.getString("kind");
        boolean saml = SsoConnection.SAML.equals(kind);
        return new SsoConnection(
                rs.getString("connection_id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                kind,
                rs.getString("status"),
                rs.getString("display_name"),
                rs.getString("identity_provider"),
                saml ? null : JsonText.read(rs.getString("config"), OIDC_CONFIG),
                saml ? JsonText.read(rs.getString("config"), SAML_CONFIG) : null,
                rs.getBytes("sealed_secret"),
                Tx.instant(rs, "created_at"),
                Tx.instant(rs, "updated_at"));
    }
}
