package io.latchkey.server.member;

import io.latchkey.server.store.Tx;
import java.time.Instant;
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
}
