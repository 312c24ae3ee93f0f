package io.latchkey.server.totp;

import io.latchkey.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** All SQL of TOTP registrations. Every statement names the project. */
public final class TotpStore {
    private static final String COLUMNS =
            "totp_registration_id, project_id, organization_id, member_id, status, sealed_secret,"
                    + " last_used_step, created_at, expires_at";

    void insert(Tx tx, TotpRegistration r, Instant verifiedAt) {
        tx.update(
                "INSERT INTO totp_registrations (" + COLUMNS + ", verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.totpRegistrationId(),
                r.projectId(),
                r.organizationId(),
                r.memberId(),
                r.status(),
                r.sealedSecret(),
                r.lastUsedStep(),
                r.createdAt(),
                r.expiresAt(),
                verifiedAt);
    }

    Optional<TotpRegistration> findActive(Tx tx, String projectId, String memberId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM totp_registrations WHERE project_id = ? AND member_id = ?"
                        + " AND status = 'active'",
                TotpStore::registration,
                projectId,
                memberId);
    }

    /**
     * The member's active registration, else its newest pending one that has not expired, read in
     * one statement: two reads could straddle a concurrent first authentication that turns the
     * pending registration active, and find neither.
     */
    Optional<TotpRegistration> findActiveOrNewestPending(Tx tx, String projectId, String memberId, Instant now) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM totp_registrations WHERE project_id = ? AND member_id = ?"
                        + " AND (status = 'active' OR (status = 'pending' AND expires_at > ?))"
                        + " ORDER BY CASE WHEN status = 'active' THEN 0 ELSE 1 END, created_at DESC,"
                        + " totp_registration_id DESC LIMIT 1",
                TotpStore::registration,
                projectId,
                memberId,
                now);
    }

    /**
     * Drops the member's pending registrations except {@code keep} (null for none); their
     * recovery codes go with them (ON DELETE CASCADE).
     */
    void deletePending(Tx tx, String projectId, String memberId, String keep) {
        tx.update(
                "DELETE FROM totp_registrations WHERE project_id = ? AND member_id = ? AND status = 'pending'"
                        + " AND totp_registration_id <> ?",
                projectId,
                memberId,
                keep == null ? "" : keep);
    }

    /** Drops all the member's registrations; their recovery codes go with them (ON DELETE CASCADE). */
    void deleteAll(Tx tx, String projectId, String memberId) {
        tx.update("DELETE FROM totp_registrations WHERE project_id = ? AND member_id = ?", projectId, memberId);
    }

    /**
     * Records that the code of {@code step} was used; false when that step or a later one was
     * used already (by this request's rival, too): a code is never accepted twice.
     */
    boolean recordUse(Tx tx, String projectId, String totpRegistrationId, long step) {
        return tx.update(
                        "UPDATE totp_registrations SET last_used_step = ? WHERE project_id = ?"
                                + " AND totp_registration_id = ? AND (last_used_step IS NULL OR last_used_step < ?)",
                        step,
                        projectId,
                        totpRegistrationId,
                        step)
                == 1;
    }

    /** Turns a pending registration active; false when it no longer is pending. */
    boolean activate(Tx tx, String projectId, String totpRegistrationId, Instant now) {
        return tx.update(
                        "UPDATE totp_registrations SET status = 'active', verified_at = ?, expires_at = NULL"
                                + " WHERE project_id = ? AND totp_registration_id = ? AND status = 'pending'",
                        now,
                        projectId,
                        totpRegistrationId)
                == 1;
    }

    private static TotpRegistration registration(ResultSet rs) throws SQLException {
        long step = rs.getLong("last_used_step");
        Long lastUsedStep = rs.wasNull() ? null : step;
        return new TotpRegistration(
                rs.getString("totp_registration_id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                rs.getString("status"),
                rs.getBytes("sealed_secret"),
                lastUsedStep,
                Tx.instant(rs, "created_at"),
                Tx.instant(rs, "expires_at"));
    }
}
