package io.latchkey.server.session;

import io.latchkey.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** All SQL of the signing keys. */
public final class SigningKeyStore {
    private static final String COLUMNS = "kid, project_id, public_jwk, sealed_private_key, created_at, retired_at";
    // Current key first, then the most recently retired: the order the JWKS lists them in.
    private static final String NEWEST_FIRST =
            " ORDER BY CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END, retired_at DESC, created_at DESC, kid";

    /**
     * Inserts a key. A current key (null {@code retiredAt}) fails with UniqueViolationException
     * when the project already has one.
     */
    public void insert(Tx tx, StoredSigningKey key) {
        tx.update(
                "INSERT INTO signing_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                key.kid(),
                key.projectId(),
                key.publicJwk(),
                key.sealedPrivateKey(),
                key.createdAt(),
                key.retiredAt());
    }

    /** The current key and the keys retired after {@code retiredAfter}, current first. */
    public List<StoredSigningKey> publishedSince(Tx tx, String projectId, Instant retiredAfter) {
        return tx.query(
                "SELECT " + COLUMNS + " FROM signing_keys"
                        + " WHERE project_id = ? AND (retired_at IS NULL OR retired_at > ?)"
                        + NEWEST_FIRST,
                SigningKeyStore::row,
                projectId,
                retiredAfter);
    }

    public Optional<StoredSigningKey> current(Tx tx, String projectId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM signing_keys WHERE project_id = ? AND retired_at IS NULL",
                SigningKeyStore::row,
                projectId);
    }

    /** Every key the project ever had, current first. */
    public List<StoredSigningKey> all(Tx tx, String projectId) {
        return tx.query(
                "SELECT " + COLUMNS + " FROM signing_keys WHERE project_id = ?" + NEWEST_FIRST,
                SigningKeyStore::row,
                projectId);
    }

    /** Retires the project's current key, if it has one; returns the number of rows changed. */
    public int retireCurrent(Tx tx, String projectId, Instant now) {
        return tx.update(
                "UPDATE signing_keys SET retired_at = ? WHERE project_id = ? AND retired_at IS NULL", now, projectId);
    }

    private static StoredSigningKey row(ResultSet rs) throws SQLException {
        return new StoredSigningKey(
                rs.getString("kid"),
                rs.getString("project_id"),
                rs.getString("public_jwk"),
                rs.getBytes("sealed_private_key"),
                Tx.instant(rs, "created_at"),
                Tx.instant(rs, "retired_at"));
    }

    /**
     * The creation time of the oldest current key among all projects (empty when no project has
     * one): how long the least recently rotated project has gone without a rotation.
     */
    public Optional<Instant> oldestCurrentCreatedAt(Tx tx) {
        return tx.queryOne(
                        "SELECT min(created_at) AS oldest FROM signing_keys WHERE retired_at IS NULL",
                        rs -> Optional.ofNullable(Tx.instant(rs, "oldest")))
                .flatMap(oldest -> oldest);
    }
}
