package io.latchkey.server.session;

import com.fasterxml.jackson.core.type.TypeReference;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.Json;
import io.latchkey.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All SQL of member sessions. */
public final class SessionStore {
    private static final TypeReference<List<AuthenticationFactor>> FACTORS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {};
    private static final String COLUMNS =
            "session_id, project_id, organization_id, member_id, started_at, last_accessed_at,"
                    + " expires_at, revoked_at, factors, custom_claims, updated_at";
    private static final String CHECK_COLUMNS =
            "s.session_id, s.project_id, s.organization_id, s.member_id, s.started_at, s.last_accessed_at,"
                    + " s.expires_at, s.revoked_at, s.factors, s.custom_claims, s.updated_at,"
                    + " o.version AS organization_version, m.version AS member_version, m.status AS member_status";

    public void insert(Tx tx, SessionRecord s, String tokenHash) {
        tx.update(
                "INSERT INTO member_sessions (" + COLUMNS + ", token_hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.sessionId(),
                s.projectId(),
                s.organizationId(),
                s.memberId(),
                s.startedAt(),
                s.lastAccessedAt(),
                s.expiresAt(),
                s.revokedAt(),
                Json.write(s.factors()),
                Json.write(s.customClaims()),
                s.updatedAt(),
                tokenHash);
    }

    public Optional<SessionRecord> findByTokenHash(Tx tx, String projectId, String tokenHash) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM member_sessions WHERE token_hash = ? AND project_id = ?",
                SessionStore::row,
                tokenHash,
                projectId);
    }

    /**
     * The session a check names by token hash (or by id, when {@code byId}), with the write
     * counters of its organization and member and the member's status: the check then serves both
     * views from per-node caches while the counters hold, so it costs one point select. The join
     * reads only those three columns of the organization and member tables, whose rows stay theirs.
     */
    public Optional<SessionUnderCheck> findForCheck(Tx tx, String projectId, String key, boolean byId) {
        return tx.queryOne(
                "SELECT " + CHECK_COLUMNS + " FROM member_sessions s"
                        + " JOIN organizations o ON o.organization_id = s.organization_id"
                        + " JOIN members m ON m.member_id = s.member_id"
                        + (byId ? " WHERE s.session_id = ?" : " WHERE s.token_hash = ?") + " AND s.project_id = ?",
                rs -> new SessionUnderCheck(
                        row(rs),
                        rs.getLong("organization_version"),
                        rs.getLong("member_version"),
                        rs.getString("member_status")),
                key,
                projectId);
    }

    public Optional<SessionRecord> findById(Tx tx, String projectId, String sessionId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM member_sessions WHERE session_id = ? AND project_id = ?",
                SessionStore::row,
                sessionId,
                projectId);
    }

    /**
     * {@link #findById} for a read-modify-write (claims merged, a factor added): the row stays
     * locked until {@code tx} ends, so a concurrent change of the session is not written over.
     */
    public Optional<SessionRecord> findByIdForUpdate(Tx tx, String projectId, String sessionId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM member_sessions WHERE session_id = ? AND project_id = ?"
                        + tx.dialect().forUpdate(),
                SessionStore::row,
                sessionId,
                projectId);
    }

    /** The member's sessions that are neither revoked nor expired, newest first. */
    public List<SessionRecord> listAlive(Tx tx, String projectId, String organizationId, String memberId, Instant now) {
        return tx.query(
                "SELECT " + COLUMNS + " FROM member_sessions"
                        + " WHERE project_id = ? AND organization_id = ? AND member_id = ?"
                        + " AND revoked_at IS NULL AND expires_at > ? ORDER BY started_at DESC, session_id",
                SessionStore::row,
                projectId,
                organizationId,
                memberId,
                now);
    }

    /** Writes expiry, factors and claims of a session that is still standing. */
    public boolean update(Tx tx, SessionRecord s) {
        return tx.update(
                        "UPDATE member_sessions SET expires_at = ?, factors = ?, custom_claims = ?, updated_at = ?,"
                                + " last_accessed_at = ? WHERE session_id = ? AND project_id = ? AND revoked_at IS NULL",
                        s.expiresAt(),
                        Json.write(s.factors()),
                        Json.write(s.customClaims()),
                        s.updatedAt(),
                        s.lastAccessedAt(),
                        s.sessionId(),
                        s.projectId())
                == 1;
    }

    /**
     * Moves last_accessed_at forward only when the stored value is older than {@code staleBefore}:
     * a busy session costs one write per interval, not one per request.
     */
    public void touch(Tx tx, String projectId, String sessionId, Instant now, Instant staleBefore) {
        tx.update(
                "UPDATE member_sessions SET last_accessed_at = ?"
                        + " WHERE session_id = ? AND project_id = ? AND last_accessed_at < ?",
                now,
                sessionId,
                projectId,
                staleBefore);
    }

    public int revoke(Tx tx, String projectId, String sessionId, Instant now) {
        return tx.update(
                "UPDATE member_sessions SET revoked_at = ?, updated_at = ?"
                        + " WHERE session_id = ? AND project_id = ? AND revoked_at IS NULL",
                now,
                now,
                sessionId,
                projectId);
    }

    public int revokeAllOfMember(Tx tx, String projectId, String memberId, Instant now) {
        return tx.update(
                "UPDATE member_sessions SET revoked_at = ?, updated_at = ?"
                        + " WHERE project_id = ? AND member_id = ? AND revoked_at IS NULL",
                now,
                now,
                projectId,
                memberId);
    }

    public int revokeAllOfOrganization(Tx tx, String projectId, String organizationId, Instant now) {
        return tx.update(
                "UPDATE member_sessions SET revoked_at = ?, updated_at = ?"
                        + " WHERE project_id = ? AND organization_id = ? AND revoked_at IS NULL",
                now,
                now,
                projectId,
                organizationId);
    }

    private static SessionRecord row(ResultSet rs) throws SQLException {
        return new SessionRecord(
                rs.getString("session_id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                Tx.instant(rs, "started_at"),
                Tx.instant(rs, "last_accessed_at"),
                Tx.instant(rs, "expires_at"),
                Tx.instant(rs, "revoked_at"),
                Json.read(rs.getString("factors"), FACTORS),
                Json.read(rs.getString("custom_claims"), CLAIMS),
                Tx.instant(rs, "updated_at"));
    }
}
