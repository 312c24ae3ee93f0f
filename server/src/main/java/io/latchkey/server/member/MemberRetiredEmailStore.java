package io.latchkey.server.member;

import io.latchkey.api.member.RetiredEmail;
import io.latchkey.server.core.Emails;
import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of members' retired email addresses (member_retired_emails). Every statement names the project. */
final class MemberRetiredEmailStore {
    /** The member (not deleted) that retired {@code email} in this organization, if any. */
    Optional<String> retiredBy(Tx tx, String projectId, String organizationId, String email) {
        return tx.queryOne(
                "SELECT r.member_id FROM member_retired_emails r JOIN members m ON m.member_id = r.member_id"
                        + " WHERE r.project_id = ? AND r.organization_id = ? AND r.email_key = ?"
                        + MemberStore.NOT_DELETED
                        + " LIMIT 1",
                rs -> rs.getString(1),
                projectId,
                organizationId,
                Emails.key(email));
    }

    /** Records that the member gave up {@code email} (whose factor id was {@code emailId}). */
    void retireEmail(Tx tx, String projectId, MemberState m, String emailId, String email, Instant now) {
        tx.update(
                "INSERT INTO member_retired_emails (email_id, project_id, organization_id, member_id,"
                        + " email_address, email_key, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                emailId,
                projectId,
                m.organizationId,
                m.memberId,
                email,
                Emails.key(email),
                now);
    }

    /** Forgets that the member retired {@code email} (it is taking the address back). */
    void unretireEmail(Tx tx, String projectId, String memberId, String email) {
        tx.update(
                "DELETE FROM member_retired_emails WHERE project_id = ? AND member_id = ? AND email_key = ?",
                projectId,
                memberId,
                Emails.key(email));
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
                        + " AND member_id IN (" + MemberStore.placeholders(memberIds.size())
                        + ") ORDER BY retired_at, email_id",
                rs -> out.computeIfAbsent(rs.getString("member_id"), k -> new ArrayList<>())
                        .add(new RetiredEmail(rs.getString("email_id"), rs.getString("email_address"))),
                params.toArray());
        return out;
    }
}
