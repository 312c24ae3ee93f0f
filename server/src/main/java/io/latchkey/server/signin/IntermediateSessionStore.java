package io.latchkey.server.signin;

import com.fasterxml.jackson.core.type.TypeReference;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.Json;
import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** All SQL of intermediate sessions. */
public final class IntermediateSessionStore {
    private static final TypeReference<List<AuthenticationFactor>> FACTORS = new TypeReference<>() {};

    public void insert(Tx tx, IntermediateSession s, String tokenHash) {
        tx.update(
                "INSERT INTO intermediate_sessions (token_hash, project_id, organization_id, member_id,"
                        + " email_address, factors, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                tokenHash,
                s.projectId(),
                s.organizationId(),
                s.memberId(),
                s.emailAddress(),
                Json.write(s.factors()),
                s.createdAt(),
                s.expiresAt());
    }

    /** The unconsumed, unexpired intermediate session with this token hash, if any. */
    public Optional<IntermediateSession> findUsable(Tx tx, String projectId, String tokenHash, Instant now) {
        return tx.queryOne(
                "SELECT project_id, organization_id, member_id, email_address, factors, created_at, expires_at"
                        + " FROM intermediate_sessions WHERE token_hash = ? AND project_id = ?"
                        + " AND consumed_at IS NULL AND expires_at > ?",
                rs -> new IntermediateSession(
                        rs.getString("project_id"),
                        rs.getString("organization_id"),
                        rs.getString("member_id"),
                        rs.getString("email_address"),
                        Json.read(rs.getString("factors"), FACTORS),
                        Tx.instant(rs, "created_at"),
                        Tx.instant(rs, "expires_at")),
                tokenHash,
                projectId,
                now);
    }

    /** Consumes every outstanding intermediate session of the member. */
    void expireForMember(Tx tx, String projectId, String memberId, Instant now) {
        tx.update(
                "UPDATE intermediate_sessions SET consumed_at = ?"
                        + " WHERE project_id = ? AND member_id = ? AND consumed_at IS NULL",
                now,
                projectId,
                memberId);
    }

    /** Marks it used; false when another request consumed it first. */
    public boolean consume(Tx tx, String projectId, String tokenHash, Instant now) {
        return tx.update(
                        "UPDATE intermediate_sessions SET consumed_at = ?"
                                + " WHERE token_hash = ? AND project_id = ? AND consumed_at IS NULL AND expires_at > ?",
                        now,
                        tokenHash,
                        projectId,
                        now)
                == 1;
    }
}
