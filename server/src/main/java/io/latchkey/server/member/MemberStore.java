package io.latchkey.server.member;

import io.latchkey.server.core.Emails;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.store.Tx;
import io.latchkey.server.store.Versioned;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the members table's rows: writes and lookups. The feature's other SQL is in its
 * other stores ({@link MemberSearchStore}, {@link MemberRetiredEmailStore}, {@link
 * MemberSsoRegistrationStore}), which share this one's columns and row mapping. Every statement
 * names the project.
 */
public final class MemberStore {
    static final String COLUMNS =
            "m.member_id, m.organization_id, m.email_address, m.email_id, m.status, m.name, m.external_id,"
                    + " m.is_breakglass, m.email_address_verified, m.mfa_phone_number,"
                    + " m.mfa_phone_number_verified, m.mfa_enrolled, m.default_mfa_method, m.roles,"
                    + " m.trusted_metadata, m.untrusted_metadata, m.created_at, m.updated_at,"
                    + " m.totp_registration_id, m.lock_created_at, m.lock_expires_at, m.member_password_id";
    static final String NOT_DELETED = " AND m.status <> 'deleted'";

    void insert(Tx tx, String projectId, MemberState m) {
        tx.update(
                "INSERT INTO members (member_id, project_id, organization_id, email_address, email_key,"
                        + " email_id, status, name, external_id, is_breakglass, email_address_verified,"
                        + " mfa_phone_number, mfa_phone_number_verified, mfa_enrolled, default_mfa_method, roles,"
                        + " trusted_metadata, untrusted_metadata, created_at, updated_at, totp_registration_id,"
                        + " lock_created_at, lock_expires_at, member_password_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                m.memberId,
                projectId,
                m.organizationId,
                m.emailAddress,
                Emails.key(m.emailAddress),
                m.emailId,
                m.status,
                m.name,
                m.externalId,
                m.breakglass,
                m.emailVerified,
                m.mfaPhoneNumber,
                m.mfaPhoneNumberVerified,
                m.mfaEnrolled,
                m.defaultMfaMethod,
                JsonText.write(m.roles),
                JsonText.write(m.trustedMetadata),
                JsonText.write(m.untrustedMetadata),
                m.createdAt,
                m.updatedAt,
                m.totpRegistrationId,
                m.lockCreatedAt,
                m.lockExpiresAt,
                m.memberPasswordId);
    }

    /** Writes every field of {@code m} over its row. */
    void update(Tx tx, String projectId, MemberState m) {
        tx.update(
                "UPDATE members SET email_address = ?, email_key = ?, email_id = ?, status = ?, name = ?,"
                        + " external_id = ?, is_breakglass = ?, email_address_verified = ?, mfa_phone_number = ?,"
                        + " mfa_phone_number_verified = ?, mfa_enrolled = ?, default_mfa_method = ?, roles = ?,"
                        + " trusted_metadata = ?, untrusted_metadata = ?, updated_at = ?, totp_registration_id = ?,"
                        + " lock_created_at = ?, lock_expires_at = ?, member_password_id = ?, version = version + 1"
                        + " WHERE project_id = ? AND organization_id = ? AND member_id = ?",
                m.emailAddress,
                Emails.key(m.emailAddress),
                m.emailId,
                m.status,
                m.name,
                m.externalId,
                m.breakglass,
                m.emailVerified,
                m.mfaPhoneNumber,
                m.mfaPhoneNumberVerified,
                m.mfaEnrolled,
                m.defaultMfaMethod,
                JsonText.write(m.roles),
                JsonText.write(m.trustedMetadata),
                JsonText.write(m.untrustedMetadata),
                m.updatedAt,
                m.totpRegistrationId,
                m.lockCreatedAt,
                m.lockExpiresAt,
                m.memberPasswordId,
                projectId,
                m.organizationId,
                m.memberId);
    }

    /** The member whatever its status, with the counter its every write moves (see V8__view_versions.sql). */
    Optional<Versioned<MemberState>> findVersionedById(Tx tx, String projectId, String memberId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + ", m.version FROM members m WHERE m.project_id = ? AND m.member_id = ?",
                rs -> new Versioned<>(member(rs), rs.getLong("version")),
                projectId,
                memberId);
    }

    /** The member whatever its status (deleted members included). */
    Optional<MemberState> findById(Tx tx, String projectId, String memberId) {
        return findById(tx, projectId, memberId, "");
    }

    /**
     * {@link #findById} for a read-modify-write: the row stays locked until {@code tx} ends, so a
     * concurrent writer of the member waits for this one and then reads what it wrote (see {@link
     * io.latchkey.server.store.Dialect#forUpdate}).
     */
    Optional<MemberState> findByIdForUpdate(Tx tx, String projectId, String memberId) {
        return findById(tx, projectId, memberId, tx.dialect().forUpdate());
    }

    private Optional<MemberState> findById(Tx tx, String projectId, String memberId, String lock) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM members m WHERE m.project_id = ? AND m.member_id = ?" + lock,
                MemberStore::member,
                projectId,
                memberId);
    }

    Optional<MemberState> findActiveById(Tx tx, String projectId, String organizationId, String memberId) {
        return findActiveById(tx, projectId, organizationId, memberId, "");
    }

    /** {@link #findActiveById} with the row locked until {@code tx} ends; a member deleted meanwhile is not found. */
    Optional<MemberState> findActiveByIdForUpdate(Tx tx, String projectId, String organizationId, String memberId) {
        return findActiveById(
                tx, projectId, organizationId, memberId, tx.dialect().forUpdate());
    }

    private Optional<MemberState> findActiveById(
            Tx tx, String projectId, String organizationId, String memberId, String lock) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
                        + " AND m.member_id = ?" + NOT_DELETED + lock,
                MemberStore::member,
                projectId,
                organizationId,
                memberId);
    }

    Optional<MemberState> findByExternalId(Tx tx, String projectId, String organizationId, String externalId) {
        return findByExternalId(tx, projectId, organizationId, externalId, "");
    }

    /** {@link #findByExternalId} with the row locked until {@code tx} ends. */
    Optional<MemberState> findByExternalIdForUpdate(Tx tx, String projectId, String organizationId, String externalId) {
        return findByExternalId(
                tx, projectId, organizationId, externalId, tx.dialect().forUpdate());
    }

    private Optional<MemberState> findByExternalId(
            Tx tx, String projectId, String organizationId, String externalId, String lock) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
                        + " AND m.external_id = ?" + NOT_DELETED + lock,
                MemberStore::member,
                projectId,
                organizationId,
                externalId);
    }

    Optional<MemberState> findByEmail(Tx tx, String projectId, String organizationId, String email) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
                        + " AND m.email_key = ?" + NOT_DELETED,
                MemberStore::member,
                projectId,
                organizationId,
                Emails.key(email));
    }

    /** Every membership of the address in the project, oldest first; deleted ones left out. */
    List<MemberState> findByEmailEverywhere(Tx tx, String projectId, String email) {
        return tx.query(
                "SELECT " + COLUMNS + " FROM members m WHERE m.project_id = ? AND m.email_key = ?" + NOT_DELETED
                        + " ORDER BY m.created_at, m.member_id",
                MemberStore::member,
                projectId,
                Emails.key(email));
    }

    Optional<String> phoneOwner(Tx tx, String projectId, String organizationId, String phone) {
        return tx.queryOne(
                "SELECT m.member_id FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
                        + " AND m.mfa_phone_number = ?" + NOT_DELETED,
                rs -> rs.getString(1),
                projectId,
                organizationId,
                phone);
    }

    /** True when an active member of the organization has a verified address at {@code domain}. */
    boolean hasVerifiedMemberAtDomain(Tx tx, String projectId, String organizationId, String domain) {
        return tx.queryOne(
                        "SELECT 1 FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
                                + " AND m.status = 'active' AND m.email_address_verified = TRUE"
                                + " AND m.email_key LIKE ? ESCAPE '\\' LIMIT 1",
                        rs -> rs.getInt(1),
                        projectId,
                        organizationId,
                        "%@" + escapeLike(domain))
                .isPresent();
    }

    static String placeholders(int n) {
        return "?, ".repeat(n - 1) + "?";
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static MemberState member(ResultSet rs) throws SQLException {
        MemberState m = new MemberState();
        m.memberId = rs.getString("member_id");
        m.organizationId = rs.getString("organization_id");
        m.emailAddress = rs.getString("email_address");
        m.emailId = rs.getString("email_id");
        m.status = rs.getString("status");
        m.name = rs.getString("name");
        m.externalId = rs.getString("external_id");
        m.breakglass = rs.getBoolean("is_breakglass");
        m.emailVerified = rs.getBoolean("email_address_verified");
        m.mfaPhoneNumber = rs.getString("mfa_phone_number");
        m.mfaPhoneNumberVerified = rs.getBoolean("mfa_phone_number_verified");
        m.mfaEnrolled = rs.getBoolean("mfa_enrolled");
        m.defaultMfaMethod = rs.getString("default_mfa_method");
        m.roles = new ArrayList<>(JsonText.readStrings(rs.getString("roles")));
        m.trustedMetadata = JsonText.readMap(rs.getString("trusted_metadata"));
        m.untrustedMetadata = JsonText.readMap(rs.getString("untrusted_metadata"));
        m.createdAt = Tx.instant(rs, "created_at");
        m.updatedAt = Tx.instant(rs, "updated_at");
        m.totpRegistrationId = rs.getString("totp_registration_id");
        m.lockCreatedAt = Tx.instant(rs, "lock_created_at");
        m.lockExpiresAt = Tx.instant(rs, "lock_expires_at");
        m.memberPasswordId = rs.getString("member_password_id");
        return m;
    }
}
