package io.latchkey.server.member;

import io.latchkey.api.member.RetiredEmail;
import io.latchkey.api.member.SSORegistration;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.store.Tx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL that reads what a member's view shows besides its row, its retired emails
 * (member_retired_emails) and its SSO registrations with the roles they granted
 * (member_sso_registrations), in one statement: every member answered costs one round trip here
 * instead of three, and a login reads its member twice. Every statement names the project.
 */
final class MemberExtrasStore {
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> ATTRIBUTES =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};
    private static final com.fasterxml.jackson.core.type.TypeReference<List<SsoRoleGrant>> GRANTS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    /**
     * The extras of each given member (an entry for every one, empty lists when it has none):
     * retired emails in the order they were retired, registrations and the roles they granted at
     * their last login in the order the registrations were made.
     */
    Map<String, MemberRecords.Extras> extras(Tx tx, String projectId, List<String> memberIds) {
        Map<String, List<RetiredEmail>> retired = new HashMap<>();
        Map<String, List<SSORegistration>> sso = new HashMap<>();
        Map<String, List<SsoRoleGrant>> grants = new HashMap<>();
        if (!memberIds.isEmpty()) {
            String in = MemberStore.placeholders(memberIds.size());
            List<Object> params = new ArrayList<>(2 * memberIds.size() + 2);
            params.add(projectId);
            params.addAll(memberIds);
            params.add(projectId);
            params.addAll(memberIds);
            // One row per retired email (kind 0) or registration (kind 1); the columns each kind
            // does not have are NULL. Sorted as the separate reads were.
            tx.query(
                    "SELECT 0 AS kind, member_id, email_id AS id, email_address AS a, NULL AS b, NULL AS c,"
                            + " NULL AS g, retired_at AS t FROM member_retired_emails WHERE project_id = ?"
                            + " AND member_id IN (" + in + ")"
                            + " UNION ALL SELECT 1, member_id, registration_id, connection_id, external_id,"
                            + " sso_attributes, implicit_roles, created_at FROM member_sso_registrations"
                            + " WHERE project_id = ?"
                            + " AND member_id IN (" + in + ")"
                            + " ORDER BY kind, t, id",
                    rs -> {
                        String memberId = rs.getString("member_id");
                        if (rs.getInt("kind") == 0) {
                            retired.computeIfAbsent(memberId, k -> new ArrayList<>())
                                    .add(new RetiredEmail(rs.getString("id"), rs.getString("a")));
                        } else {
                            sso.computeIfAbsent(memberId, k -> new ArrayList<>())
                                    .add(new SSORegistration(
                                            rs.getString("a"),
                                            rs.getString("b"),
                                            rs.getString("id"),
                                            JsonText.read(rs.getString("c"), ATTRIBUTES)));
                            String roles = rs.getString("g");
                            if (!"[]".equals(roles)) {
                                grants.computeIfAbsent(memberId, k -> new ArrayList<>())
                                        .addAll(JsonText.read(roles, GRANTS));
                            }
                        }
                        return null;
                    },
                    params.toArray());
        }
        Map<String, MemberRecords.Extras> out = new HashMap<>();
        for (String id : memberIds) {
            out.put(
                    id,
                    new MemberRecords.Extras(
                            List.copyOf(retired.getOrDefault(id, List.of())),
                            List.copyOf(sso.getOrDefault(id, List.of())),
                            List.copyOf(grants.getOrDefault(id, List.of()))));
        }
        return out;
    }
}
