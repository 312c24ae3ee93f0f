package io.latchkey.server.member;

import io.latchkey.api.member.SSORegistration;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of members' SSO registrations (member_sso_registrations). Every statement names the project. */
final class MemberSsoRegistrationStore {
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> ATTRIBUTES =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    /**
     * The member's registration at {@code connectionId}, created or brought up to date; its id.
     * The member's write counter moves with it, so cached views of the member see it.
     */
    String upsertSsoRegistration(
            Tx tx,
            String projectId,
            String memberId,
            String connectionId,
            String newId,
            String externalId,
            String ssoAttributesJson,
            String implicitRolesJson,
            Instant now) {
        Optional<String> existing = tx.queryOne(
                "SELECT registration_id FROM member_sso_registrations"
                        + " WHERE project_id = ? AND member_id = ? AND connection_id = ?",
                rs -> rs.getString(1),
                projectId,
                memberId,
                connectionId);
        if (existing.isPresent()) {
            tx.update(
                    "UPDATE member_sso_registrations SET external_id = ?, sso_attributes = ?, implicit_roles = ?,"
                            + " updated_at = ? WHERE registration_id = ?",
                    externalId,
                    ssoAttributesJson,
                    implicitRolesJson,
                    now,
                    existing.get());
        } else {
            tx.update(
                    "INSERT INTO member_sso_registrations (registration_id, project_id, member_id, connection_id,"
                            + " external_id, sso_attributes, implicit_roles, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    newId,
                    projectId,
                    memberId,
                    connectionId,
                    externalId,
                    ssoAttributesJson,
                    implicitRolesJson,
                    now,
                    now);
        }
        tx.update(
                "UPDATE members SET version = version + 1 WHERE project_id = ? AND member_id = ?", projectId, memberId);
        return existing.orElse(newId);
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<SsoRoleGrant>> GRANTS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    /** The roles each given member's SSO registrations granted at their last login. */
    Map<String, List<SsoRoleGrant>> roleGrants(Tx tx, String projectId, List<String> memberIds) {
        Map<String, List<SsoRoleGrant>> out = new LinkedHashMap<>();
        if (memberIds.isEmpty()) {
            return out;
        }
        List<Object> params = new ArrayList<>();
        params.add(projectId);
        params.addAll(memberIds);
        tx.query(
                "SELECT member_id, implicit_roles FROM member_sso_registrations WHERE project_id = ? AND member_id IN ("
                        + MemberStore.placeholders(memberIds.size()) + ") AND implicit_roles <> '[]'"
                        + " ORDER BY created_at, registration_id",
                rs -> out.computeIfAbsent(rs.getString("member_id"), k -> new ArrayList<>())
                        .addAll(JsonText.read(rs.getString("implicit_roles"), GRANTS)),
                params.toArray());
        return out;
    }

    /**
     * Deletes every registration at {@code connectionId}, moving the write counter of each member
     * that had one, so no node keeps serving a cached view with it (or the roles it gave).
     */
    void deleteForConnection(Tx tx, String projectId, String connectionId) {
        tx.update(
                "UPDATE members SET version = version + 1 WHERE project_id = ? AND member_id IN"
                        + " (SELECT member_id FROM member_sso_registrations WHERE project_id = ? AND connection_id = ?)",
                projectId,
                projectId,
                connectionId);
        tx.update(
                "DELETE FROM member_sso_registrations WHERE project_id = ? AND connection_id = ?",
                projectId,
                connectionId);
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
                        + " WHERE project_id = ? AND member_id IN (" + MemberStore.placeholders(memberIds.size()) + ")"
                        + " ORDER BY created_at, registration_id",
                rs -> out.computeIfAbsent(rs.getString("member_id"), k -> new ArrayList<>())
                        .add(new SSORegistration(
                                rs.getString("connection_id"),
                                rs.getString("external_id"),
                                rs.getString("registration_id"),
                                JsonText.read(rs.getString("sso_attributes"), ATTRIBUTES))),
                params.toArray());
        return out;
    }
}
