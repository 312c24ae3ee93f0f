package io.latchkey.server.member;

import io.latchkey.api.member.RetiredEmail;
import io.latchkey.api.member.SSORegistration;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.search.Criteria;
import io.latchkey.server.search.Paging;
import io.latchkey.server.search.SearchTerms;
import io.latchkey.server.store.Tx;
import io.latchkey.server.store.Versioned;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All SQL of the member feature. Every statement names the project. */
public final class MemberStore {
  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> ATTRIBUTES =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};
  private static final String COLUMNS =
      "m.member_id, m.organization_id, m.email_address, m.email_id, m.status, m.name, m.external_id,"
          + " m.is_breakglass, m.email_address_verified, m.mfa_phone_number,"
          + " m.mfa_phone_number_verified, m.mfa_enrolled, m.default_mfa_method, m.roles,"
          + " m.trusted_metadata, m.untrusted_metadata, m.created_at, m.updated_at,"
          + " m.totp_registration_id, m.lock_created_at, m.lock_expires_at, m.member_password_id";
  private static final String NOT_DELETED = " AND m.status <> 'deleted'";

  void insert(Tx tx, String projectId, MemberState m) {
    tx.update(
        "INSERT INTO members (member_id, project_id, organization_id, email_address, email_key,"
            + " email_id, status, name, external_id, is_breakglass, email_address_verified,"
            + " mfa_phone_number, mfa_phone_number_verified, mfa_enrolled, default_mfa_method, roles,"
            + " trusted_metadata, untrusted_metadata, created_at, updated_at, totp_registration_id,"
            + " lock_created_at, lock_expires_at, member_password_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        m.memberId, projectId, m.organizationId, m.emailAddress, Emails.key(m.emailAddress),
        m.emailId, m.status, m.name, m.externalId, m.breakglass, m.emailVerified, m.mfaPhoneNumber,
        m.mfaPhoneNumberVerified, m.mfaEnrolled, m.defaultMfaMethod, JsonText.write(m.roles),
        JsonText.write(m.trustedMetadata), JsonText.write(m.untrustedMetadata), m.createdAt,
        m.updatedAt, m.totpRegistrationId, m.lockCreatedAt, m.lockExpiresAt, m.memberPasswordId);
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
        m.emailAddress, Emails.key(m.emailAddress), m.emailId, m.status, m.name, m.externalId,
        m.breakglass, m.emailVerified, m.mfaPhoneNumber, m.mfaPhoneNumberVerified, m.mfaEnrolled,
        m.defaultMfaMethod, JsonText.write(m.roles), JsonText.write(m.trustedMetadata),
        JsonText.write(m.untrustedMetadata), m.updatedAt, m.totpRegistrationId, m.lockCreatedAt,
        m.lockExpiresAt, m.memberPasswordId, projectId, m.organizationId, m.memberId);
  }

  /** The member whatever its status, with the counter its every write moves (see V8__view_versions.sql). */
  Optional<Versioned<MemberState>> findVersionedById(Tx tx, String projectId, String memberId) {
    return tx.queryOne(
        "SELECT " + COLUMNS + ", m.version FROM members m WHERE m.project_id = ? AND m.member_id = ?",
        rs -> new Versioned<>(member(rs), rs.getLong("version")), projectId, memberId);
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
        MemberStore::member, projectId, memberId);
  }

  Optional<MemberState> findActiveById(Tx tx, String projectId, String organizationId, String memberId) {
    return findActiveById(tx, projectId, organizationId, memberId, "");
  }

  /** {@link #findActiveById} with the row locked until {@code tx} ends; a member deleted meanwhile is not found. */
  Optional<MemberState> findActiveByIdForUpdate(Tx tx, String projectId, String organizationId, String memberId) {
    return findActiveById(tx, projectId, organizationId, memberId, tx.dialect().forUpdate());
  }

  private Optional<MemberState> findActiveById(
      Tx tx, String projectId, String organizationId, String memberId, String lock) {
    return tx.queryOne(
        "SELECT " + COLUMNS + " FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
            + " AND m.member_id = ?" + NOT_DELETED + lock,
        MemberStore::member, projectId, organizationId, memberId);
  }

  Optional<MemberState> findByExternalId(Tx tx, String projectId, String organizationId, String externalId) {
    return findByExternalId(tx, projectId, organizationId, externalId, "");
  }

  /** {@link #findByExternalId} with the row locked until {@code tx} ends. */
  Optional<MemberState> findByExternalIdForUpdate(
      Tx tx, String projectId, String organizationId, String externalId) {
    return findByExternalId(tx, projectId, organizationId, externalId, tx.dialect().forUpdate());
  }

  private Optional<MemberState> findByExternalId(
      Tx tx, String projectId, String organizationId, String externalId, String lock) {
    return tx.queryOne(
        "SELECT " + COLUMNS + " FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
            + " AND m.external_id = ?" + NOT_DELETED + lock,
        MemberStore::member, projectId, organizationId, externalId);
  }

  Optional<MemberState> findByEmail(Tx tx, String projectId, String organizationId, String email) {
    return tx.queryOne(
        "SELECT " + COLUMNS + " FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
            + " AND m.email_key = ?" + NOT_DELETED,
        MemberStore::member, projectId, organizationId, Emails.key(email));
  }

  /** Every membership of the address in the project, oldest first; deleted ones left out. */
  List<MemberState> findByEmailEverywhere(Tx tx, String projectId, String email) {
    return tx.query(
        "SELECT " + COLUMNS + " FROM members m WHERE m.project_id = ? AND m.email_key = ?" + NOT_DELETED
            + " ORDER BY m.created_at, m.member_id",
        MemberStore::member, projectId, Emails.key(email));
  }

  Optional<String> phoneOwner(Tx tx, String projectId, String organizationId, String phone) {
    return tx.queryOne(
        "SELECT m.member_id FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
            + " AND m.mfa_phone_number = ?" + NOT_DELETED,
        rs -> rs.getString(1), projectId, organizationId, phone);
  }

  /** True when an active member of the organization has a verified address at {@code domain}. */
  boolean hasVerifiedMemberAtDomain(Tx tx, String projectId, String organizationId, String domain) {
    return tx.queryOne(
            "SELECT 1 FROM members m WHERE m.project_id = ? AND m.organization_id = ?"
                + " AND m.status = 'active' AND m.email_address_verified = TRUE"
                + " AND m.email_key LIKE ? ESCAPE '\\' LIMIT 1",
            rs -> rs.getInt(1), projectId, organizationId, "%@" + escapeLike(domain))
        .isPresent();
  }

  /** The member (not deleted) that retired {@code email} in this organization, if any. */
  Optional<String> retiredBy(Tx tx, String projectId, String organizationId, String email) {
    return tx.queryOne(
        "SELECT r.member_id FROM member_retired_emails r JOIN members m ON m.member_id = r.member_id"
            + " WHERE r.project_id = ? AND r.organization_id = ? AND r.email_key = ?" + NOT_DELETED
            + " LIMIT 1",
        rs -> rs.getString(1), projectId, organizationId, Emails.key(email));
  }

  /** Records that the member gave up {@code email} (whose factor id was {@code emailId}). */
  void retireEmail(Tx tx, String projectId, MemberState m, String emailId, String email, Instant now) {
    tx.update(
        "INSERT INTO member_retired_emails (email_id, project_id, organization_id, member_id,"
            + " email_address, email_key, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        emailId, projectId, m.organizationId, m.memberId, email, Emails.key(email), now);
  }

  /** Forgets that the member retired {@code email} (it is taking the address back). */
  void unretireEmail(Tx tx, String projectId, String memberId, String email) {
    tx.update(
        "DELETE FROM member_retired_emails WHERE project_id = ? AND member_id = ? AND email_key = ?",
        projectId, memberId, Emails.key(email));
  }

  /**
   * The member's registration at {@code connectionId}, created or brought up to date; its id.
   * The member's write counter moves with it, so cached views of the member see it.
   */
  String upsertSsoRegistration(Tx tx, String projectId, String memberId, String connectionId, String newId,
      String externalId, String ssoAttributesJson, Instant now) {
    Optional<String> existing = tx.queryOne("SELECT registration_id FROM member_sso_registrations"
            + " WHERE project_id = ? AND member_id = ? AND connection_id = ?",
        rs -> rs.getString(1), projectId, memberId, connectionId);
    if (existing.isPresent()) {
      tx.update("UPDATE member_sso_registrations SET external_id = ?, sso_attributes = ?, updated_at = ?"
              + " WHERE registration_id = ?", externalId, ssoAttributesJson, now, existing.get());
    } else {
      tx.update("INSERT INTO member_sso_registrations (registration_id, project_id, member_id, connection_id,"
              + " external_id, sso_attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          newId, projectId, memberId, connectionId, externalId, ssoAttributesJson, now, now);
    }
    tx.update("UPDATE members SET version = version + 1 WHERE project_id = ? AND member_id = ?", projectId, memberId);
    return existing.orElse(newId);
  }

  /** SSO registrations of each given member, oldest first. */
  Map<String, List<SSORegistration>> ssoRegistrations(Tx tx, String projectId, List<String> memberIds) {
    Map<String, List<SSORegistration>> out = new LinkedHashMap<>();
    if (memberIds.isEmpty()) {
      return out;
    }
    List<Object> params = new ArrayList<>();
    params.add(projectId);
    params.addAll(memberIds);
    tx.query(
        "SELECT member_id, registration_id, connection_id, external_id, sso_attributes FROM member_sso_registrations"
            + " WHERE project_id = ? AND member_id IN (" + placeholders(memberIds.size()) + ")"
            + " ORDER BY created_at, registration_id",
        rs -> out.computeIfAbsent(rs.getString("member_id"), k -> new ArrayList<>())
            .add(new SSORegistration(rs.getString("connection_id"), rs.getString("external_id"),
                rs.getString("registration_id"), JsonText.read(rs.getString("sso_attributes"), ATTRIBUTES))),
        params.toArray());
    return out;
  }

  /** Retired emails of each given member, oldest first. */
  Map<String, List<RetiredEmail>> retiredEmails(Tx tx, String projectId, List<String> memberIds) {
    Map<String, List<RetiredEmail>> out = new LinkedHashMap<>();
    if (memberIds.isEmpty()) {
      return out;
    }
    List<Object> params = new ArrayList<>();
    params.add(projectId);
    params.addAll(memberIds);
    tx.query(
        "SELECT member_id, email_id, email_address FROM member_retired_emails WHERE project_id = ?"
            + " AND member_id IN (" + placeholders(memberIds.size()) + ") ORDER BY retired_at, email_id",
        rs -> out.computeIfAbsent(rs.getString("member_id"), k -> new ArrayList<>())
            .add(new RetiredEmail(rs.getString("email_id"), rs.getString("email_address"))),
        params.toArray());
    return out;
  }

  List<MemberState> search(
      Tx tx, String projectId, List<String> organizationIds, Criteria<MemberFilter> criteria,
      Paging.Position after, int limit) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM members m WHERE ");
    where(sql, params, projectId, organizationIds, criteria);
    if (after != null) {
      sql.append(" AND (m.created_at > ? OR (m.created_at = ? AND m.member_id > ?))");
      Collections.addAll(params, after.createdAtMillis(), after.createdAtMillis(), after.id());
    }
    sql.append(" ORDER BY m.created_at, m.member_id LIMIT ?");
    params.add(limit);
    return tx.query(sql.toString(), MemberStore::member, params.toArray());
  }

  int count(Tx tx, String projectId, List<String> organizationIds, Criteria<MemberFilter> criteria) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM members m WHERE ");
    where(sql, params, projectId, organizationIds, criteria);
    return (int) tx.queryLong(sql.toString(), params.toArray());
  }

  private static void where(
      StringBuilder sql, List<Object> params, String projectId, List<String> organizationIds,
      Criteria<MemberFilter> criteria) {
    sql.append("m.project_id = ? AND ");
    params.add(projectId);
    in(sql, params, "m.organization_id", organizationIds);
    // Deleted members only show up when the query asks about statuses.
    if (criteria.filters().stream().noneMatch(f -> f instanceof MemberFilter.Statuses)) {
      sql.append(NOT_DELETED);
    }
    if (criteria.filters().isEmpty()) {
      return;
    }
    sql.append(" AND (");
    for (int i = 0; i < criteria.filters().size(); i++) {
      if (i > 0) {
        sql.append(criteria.any() ? " OR " : " AND ");
      }
      condition(sql, params, criteria.filters().get(i));
    }
    sql.append(")");
  }

  private static void condition(StringBuilder sql, List<Object> params, MemberFilter f) {
    if (f instanceof MemberFilter.Ids ids) {
      in(sql, params, "m.member_id", ids.values());
    } else if (f instanceof MemberFilter.Emails emails) {
      in(sql, params, "m.email_key", emails.values());
    } else if (f instanceof MemberFilter.EmailContains c) {
      like(sql, params, "m.email_key", c.needle());
    } else if (f instanceof MemberFilter.Breakglass b) {
      sql.append("m.is_breakglass = ?");
      params.add(b.value());
    } else if (f instanceof MemberFilter.Statuses s) {
      in(sql, params, "m.status", s.values());
    } else if (f instanceof MemberFilter.PhoneNumbers p) {
      in(sql, params, "m.mfa_phone_number", p.values());
    } else if (f instanceof MemberFilter.PhoneNumberContains c) {
      like(sql, params, "m.mfa_phone_number", c.needle());
    } else {
      throw new IllegalArgumentException("unknown filter " + f.getClass().getSimpleName());
    }
  }

  private static void in(StringBuilder sql, List<Object> params, String column, List<?> values) {
    sql.append(column).append(" IN (").append(placeholders(values.size())).append(")");
    params.addAll(values);
  }

  private static void like(StringBuilder sql, List<Object> params, String column, String needle) {
    sql.append(column).append(" LIKE ? ESCAPE '\\'");
    params.add(SearchTerms.containsPattern(needle));
  }

  private static String placeholders(int n) {
    return "?, ".repeat(n - 1) + "?";
  }

  private static String escapeLike(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static MemberState member(ResultSet rs) throws SQLException {
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
