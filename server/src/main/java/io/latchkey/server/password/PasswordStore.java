package io.latchkey.server.password;

import io.latchkey.server.core.JsonText;
import io.latchkey.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** All SQL of passwords and password reset links. Every statement names the project. */
public final class PasswordStore {
    private static final String COLUMNS =
            "member_password_id, organization_id, member_id, hash_type, hash, hash_config, reset_required, updated_at";

    Optional<PasswordRecord> find(Tx tx, String projectId, String memberId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM member_passwords WHERE project_id = ? AND member_id = ?",
                PasswordStore::row,
                projectId,
                memberId);
    }

    Optional<PasswordRecord> findById(Tx tx, String projectId, String organizationId, String memberPasswordId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM member_passwords WHERE project_id = ? AND organization_id = ?"
                        + " AND member_password_id = ?",
                PasswordStore::row,
                projectId,
                organizationId,
                memberPasswordId);
    }

    Optional<PasswordRecord> findForUpdate(Tx tx, String projectId, String memberId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM member_passwords WHERE project_id = ? AND member_id = ?"
                        + tx.dialect().forUpdate(),
                PasswordStore::row,
                projectId,
                memberId);
    }

    /** Sets the member's password (a new id each time), clearing a required reset. */
    void put(
            Tx tx,
            String projectId,
            String organizationId,
            String memberId,
            String memberPasswordId,
            StoredHash hash,
            Instant now) {
        String config = hash.config().isEmpty() ? null : JsonText.write(hash.config());
        int updated = tx.update(
                "UPDATE member_passwords SET member_password_id = ?, organization_id = ?, hash_type = ?,"
                        + " hash = ?, hash_config = ?, reset_required = FALSE, updated_at = ? WHERE project_id = ? AND member_id = ?",
                memberPasswordId,
                organizationId,
                hash.type().wireName(),
                hash.hash(),
                config,
                now,
                projectId,
                memberId);
        if (updated == 0) {
            tx.update(
                    "INSERT INTO member_passwords (project_id, member_id, organization_id, member_password_id, hash_type,"
                            + " hash, hash_config, reset_required, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)",
                    projectId,
                    memberId,
                    organizationId,
                    memberPasswordId,
                    hash.type().wireName(),
                    hash.hash(),
                    config,
                    now,
                    now);
        }
    }

    /**
     * Replaces the hash checked at login by its upgrade, unless the password changed meanwhile (the
     * row count says which): the upgrade of an old password must not undo a reset.
     */
    boolean upgrade(Tx tx, String projectId, String memberId, String checkedHash, StoredHash upgraded, Instant now) {
        return tx.update(
                        "UPDATE member_passwords SET hash_type = ?, hash = ?, hash_config = NULL, updated_at = ?"
                                + " WHERE project_id = ? AND member_id = ? AND hash = ?",
                        upgraded.type().wireName(),
                        upgraded.hash(),
                        now,
                        projectId,
                        memberId,
                        checkedHash)
                == 1;
    }

    void requireReset(Tx tx, String projectId, String memberId, Instant now) {
        tx.update(
                "UPDATE member_passwords SET reset_required = TRUE, updated_at = ? WHERE project_id = ? AND member_id = ?",
                now,
                projectId,
                memberId);
    }

    void delete(Tx tx, String projectId, String memberId) {
        tx.update("DELETE FROM member_passwords WHERE project_id = ? AND member_id = ?", projectId, memberId);
        tx.update(
                "UPDATE password_resets SET used_at = created_at WHERE project_id = ? AND member_id = ? AND used_at IS NULL",
                projectId,
                memberId);
    }

    // Reset links

    void insertReset(Tx tx, String projectId, String tokenHash, PasswordReset r) {
        tx.update(
                "INSERT INTO password_resets (token_hash, project_id, organization_id, member_id, email_address,"
                        + " redirect_url, pkce_challenge, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tokenHash,
                projectId,
                r.organizationId(),
                r.memberId(),
                r.emailAddress(),
                r.redirectUrl(),
                r.pkceChallenge(),
                r.createdAt(),
                r.expiresAt());
    }

    Optional<PasswordReset> findReset(Tx tx, String projectId, String tokenHash) {
        return tx.queryOne(
                "SELECT organization_id, member_id, email_address, redirect_url, pkce_challenge, created_at,"
                        + " expires_at, used_at FROM password_resets WHERE token_hash = ? AND project_id = ?",
                rs -> new PasswordReset(
                        rs.getString("organization_id"),
                        rs.getString("member_id"),
                        rs.getString("email_address"),
                        rs.getString("redirect_url"),
                        rs.getString("pkce_challenge"),
                        Tx.instant(rs, "created_at"),
                        Tx.instant(rs, "expires_at"),
                        Tx.instant(rs, "used_at")),
                tokenHash,
                projectId);
    }

    /** Spends a link if unused and unexpired; the row count decides, so of two uses one wins. */
    boolean consumeReset(Tx tx, String projectId, String tokenHash, Instant now) {
        return tx.update(
                        "UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND project_id = ?"
                                + " AND used_at IS NULL AND expires_at > ?",
                        now,
                        tokenHash,
                        projectId,
                        now)
                == 1;
    }

    private static PasswordRecord row(ResultSet rs) throws SQLException {
        String config = rs.getString("hash_config");
        StoredHash hash = new StoredHash(
                HashType.of(rs.getString("hash_type")),
                rs.getString("hash"),
                config == null ? null : JsonText.readMap(config));
        return new PasswordRecord(
                rs.getString("member_password_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                hash,
                rs.getBoolean("reset_required"),
                Tx.instant(rs, "updated_at"));
    }
}
