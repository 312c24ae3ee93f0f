package io.latchkey.server.recoverycode;

import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All SQL of recovery codes. Every statement names the project. */
public final class RecoveryCodeStore {
    /** A stored code: its id and the sealed text, in the order the codes were issued. */
    record SealedCode(String recoveryCodeId, byte[] sealedCode) {}

    /** One code to store: only its keyed hash and its sealed text. */
    record NewCode(String recoveryCodeId, int position, String codeHash, byte[] sealedCode) {}

    void insert(Tx tx, String projectId, String memberId, String totpRegistrationId, List<NewCode> codes, Instant now) {
        List<Object[]> rows = new ArrayList<>();
        for (NewCode c : codes) {
            rows.add(new Object[] {
                c.recoveryCodeId(),
                projectId,
                memberId,
                totpRegistrationId,
                c.position(),
                c.codeHash(),
                c.sealedCode(),
                now
            });
        }
        tx.batch(
                "INSERT INTO recovery_codes (recovery_code_id, project_id, member_id, totp_registration_id,"
                        + " position, code_hash, sealed_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
    }

    List<SealedCode> unused(Tx tx, String projectId, String totpRegistrationId) {
        return tx.query(
                "SELECT recovery_code_id, sealed_code FROM recovery_codes WHERE project_id = ?"
                        + " AND totp_registration_id = ? AND used_at IS NULL ORDER BY position",
                rs -> new SealedCode(rs.getString("recovery_code_id"), rs.getBytes("sealed_code")),
                projectId,
                totpRegistrationId);
    }

    int countUnused(Tx tx, String projectId, String totpRegistrationId) {
        return (int) tx.queryLong(
                "SELECT COUNT(*) FROM recovery_codes WHERE project_id = ? AND totp_registration_id = ?"
                        + " AND used_at IS NULL",
                projectId,
                totpRegistrationId);
    }

    void deleteAll(Tx tx, String projectId, String totpRegistrationId) {
        tx.update(
                "DELETE FROM recovery_codes WHERE project_id = ? AND totp_registration_id = ?",
                projectId,
                totpRegistrationId);
    }

    /** The unused code of the registration with this hash, if any. */
    Optional<String> findUnused(Tx tx, String projectId, String memberId, String totpRegistrationId, String codeHash) {
        return tx
                .query(
                        "SELECT recovery_code_id FROM recovery_codes WHERE project_id = ? AND member_id = ?"
                                + " AND code_hash = ? AND totp_registration_id = ? AND used_at IS NULL",
                        rs -> rs.getString(1),
                        projectId,
                        memberId,
                        codeHash,
                        totpRegistrationId)
                .stream()
                .findFirst();
    }

    /** Marks the code used; false when another request used it first. */
    boolean markUsed(Tx tx, String projectId, String recoveryCodeId, Instant now) {
        return tx.update(
                        "UPDATE recovery_codes SET used_at = ? WHERE project_id = ? AND recovery_code_id = ?"
                                + " AND used_at IS NULL",
                        now,
                        projectId,
                        recoveryCodeId)
                == 1;
    }
}
