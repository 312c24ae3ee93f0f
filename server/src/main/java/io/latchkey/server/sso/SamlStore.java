package io.latchkey.server.sso;

import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of SAML connections besides the connection row: the SP's sealed private keys, the
 * AuthnRequests in flight and the assertion ids already accepted. Every statement names the
 * project or a connection found through it.
 */
public final class SamlStore {
    static final String SIGNING = "signing";
    static final String ENCRYPTION = "encryption";

    /** A private key of a connection: sealed under {@link #sealingContext}; {@code certificate} is PEM or "". */
    record SamlKey(
            String keyId,
            String connectionId,
            String purpose,
            String certificate,
            byte[] sealedKey,
            Instant createdAt) {
        static String sealingContext(String keyId) {
            return "sso-saml-key:" + keyId;
        }
    }

    /** An AuthnRequest this server sent; see the sso_saml_requests table. */
    record SamlRequest(
            String requestId,
            String projectId,
            String connectionId,
            String viaConnectionId,
            String loginRedirectUrl,
            String signupRedirectUrl,
            String pkceCodeChallenge) {}

    void insertKey(Tx tx, String projectId, SamlKey k) {
        tx.update(
                "INSERT INTO sso_saml_keys (key_id, project_id, connection_id, purpose, certificate, sealed_key,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                k.keyId(),
                projectId,
                k.connectionId(),
                k.purpose(),
                k.certificate(),
                k.sealedKey(),
                k.createdAt());
    }

    /** The connection's keys of one purpose, oldest first. */
    List<SamlKey> keys(Tx tx, String projectId, String connectionId, String purpose) {
        return tx.query(
                "SELECT key_id, connection_id, purpose, certificate, sealed_key, created_at FROM sso_saml_keys"
                        + " WHERE project_id = ? AND connection_id = ? AND purpose = ? ORDER BY created_at, key_id",
                rs -> new SamlKey(
                        rs.getString("key_id"),
                        rs.getString("connection_id"),
                        rs.getString("purpose"),
                        rs.getString("certificate"),
                        rs.getBytes("sealed_key"),
                        Tx.instant(rs, "created_at")),
                projectId,
                connectionId,
                purpose);
    }

    boolean deleteKey(Tx tx, String projectId, String connectionId, String purpose, String keyId) {
        return tx.update(
                        "DELETE FROM sso_saml_keys WHERE project_id = ? AND connection_id = ? AND purpose = ?"
                                + " AND key_id = ?",
                        projectId,
                        connectionId,
                        purpose,
                        keyId)
                == 1;
    }

    void deleteKeys(Tx tx, String projectId, String connectionId, String purpose) {
        tx.update(
                "DELETE FROM sso_saml_keys WHERE project_id = ? AND connection_id = ? AND purpose = ?",
                projectId,
                connectionId,
                purpose);
    }

    void insertRequest(Tx tx, SamlRequest r, Instant now, Instant expires) {
        tx.update(
                "INSERT INTO sso_saml_requests (request_id, project_id, connection_id, via_connection_id,"
                        + " login_redirect_url, signup_redirect_url, pkce_code_challenge, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.requestId(),
                r.projectId(),
                r.connectionId(),
                r.viaConnectionId(),
                r.loginRedirectUrl(),
                r.signupRedirectUrl(),
                r.pkceCodeChallenge(),
                now,
                expires);
    }

    /**
     * Spends the request of this id for this connection: present only the first time, and only
     * before it expires. The row count decides, so two responses racing for one request get one login.
     */
    Optional<SamlRequest> consumeRequest(Tx tx, String connectionId, String requestId, Instant now) {
        int spent = tx.update(
                "UPDATE sso_saml_requests SET used_at = ? WHERE request_id = ? AND connection_id = ?"
                        + " AND used_at IS NULL AND expires_at > ?",
                now,
                requestId,
                connectionId,
                now);
        if (spent != 1) {
            return Optional.empty();
        }
        return tx.queryOne(
                "SELECT request_id, project_id, connection_id, via_connection_id, login_redirect_url,"
                        + " signup_redirect_url, pkce_code_challenge FROM sso_saml_requests WHERE request_id = ?",
                rs -> new SamlRequest(
                        rs.getString("request_id"),
                        rs.getString("project_id"),
                        rs.getString("connection_id"),
                        rs.getString("via_connection_id"),
                        rs.getString("login_redirect_url"),
                        rs.getString("signup_redirect_url"),
                        rs.getString("pkce_code_challenge")),
                requestId);
    }

    /**
     * Remembers an accepted assertion until {@code expires}; false when the connection already
     * accepted an assertion with this id that has not expired (a replay). Expired ids are dropped first.
     */
    boolean rememberAssertion(
            Tx tx, String projectId, String connectionId, String assertionId, Instant now, Instant expires) {
        tx.update(
                "DELETE FROM sso_saml_assertions WHERE connection_id = ? AND assertion_id = ? AND expires_at <= ?",
                connectionId,
                assertionId,
                now);
        return tx.update(
                        "INSERT INTO sso_saml_assertions (connection_id, assertion_id, project_id, expires_at)"
                                + " VALUES (?, ?, ?, ?) ON CONFLICT (connection_id, assertion_id) DO NOTHING",
                        connectionId,
                        assertionId,
                        projectId,
                        expires)
                == 1;
    }
}
