package io.latchkey.server.otp;

import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.Optional;

/** All SQL of one-time passcodes. Every statement names the project. */
public final class OtpStore {
    private static final String COLUMNS =
            "otp_id, project_id, organization_id, member_id, kind, destination, code_hash, attempts,"
                    + " created_at, expires_at";

    void insert(Tx tx, OtpCode c) {
        tx.update(
                "INSERT INTO otp_codes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.otpId(),
                c.projectId(),
                c.organizationId(),
                c.memberId(),
                c.kind(),
                c.destination(),
                c.codeHash(),
                c.attempts(),
                c.createdAt(),
                c.expiresAt());
    }

    /** Retires the member's unused codes of this kind: only the newest code is ever live. */
    void supersede(Tx tx, String projectId, String memberId, String kind, Instant now) {
        tx.update(
                "UPDATE otp_codes SET used_at = ? WHERE project_id = ? AND member_id = ? AND kind = ?"
                        + " AND used_at IS NULL",
                now,
                projectId,
                memberId,
                kind);
    }

    /** Retires every unused code of the member, of any kind. */
    void expireForMember(Tx tx, String projectId, String memberId, Instant now) {
        tx.update(
                "UPDATE otp_codes SET used_at = ? WHERE project_id = ? AND member_id = ? AND used_at IS NULL",
                now,
                projectId,
                memberId);
    }

    /**
     * The member's live code of this kind: unused and unexpired. Two sends racing on PostgreSQL
     * may leave two; the newer wins.
     */
    Optional<OtpCode> findLive(Tx tx, String projectId, String memberId, String kind, Instant now) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM otp_codes WHERE project_id = ? AND member_id = ? AND kind = ?"
                        + " AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC, otp_id DESC LIMIT 1",
                rs -> new OtpCode(
                        rs.getString("otp_id"),
                        rs.getString("project_id"),
                        rs.getString("organization_id"),
                        rs.getString("member_id"),
                        rs.getString("kind"),
                        rs.getString("destination"),
                        rs.getString("code_hash"),
                        rs.getInt("attempts"),
                        Tx.instant(rs, "created_at"),
                        Tx.instant(rs, "expires_at")),
                projectId,
                memberId,
                kind,
                now);
    }

    void countWrongGuess(Tx tx, String projectId, String otpId) {
        tx.update("UPDATE otp_codes SET attempts = attempts + 1 WHERE project_id = ? AND otp_id = ?", projectId, otpId);
    }

    /** Marks the code used; false when another request used it first. */
    boolean consume(Tx tx, String projectId, String otpId, Instant now) {
        return tx.update(
                        "UPDATE otp_codes SET used_at = ? WHERE project_id = ? AND otp_id = ? AND used_at IS NULL",
                        now,
                        projectId,
                        otpId)
                == 1;
    }
}
