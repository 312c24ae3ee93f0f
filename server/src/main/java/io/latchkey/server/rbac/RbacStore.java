package io.latchkey.server.rbac;

import com.fasterxml.jackson.core.type.TypeReference;
import io.latchkey.api.rbac.Policy;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.Optional;

/** All SQL of the RBAC feature. Every statement names the project. */
public final class RbacStore {
    private static final TypeReference<Policy> POLICY = new TypeReference<>() {};

    /** The project's own part of its policy, when it has set one. */
    public Optional<Policy> find(Tx tx, String projectId) {
        return tx.queryOne(
                "SELECT policy FROM rbac_policies WHERE project_id = ?",
                rs -> JsonText.read(rs.getString("policy"), POLICY),
                projectId);
    }

    public void put(Tx tx, String projectId, Policy policy, Instant now) {
        tx.update(
                "INSERT INTO rbac_policies (project_id, policy, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (project_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at",
                projectId,
                JsonText.write(policy),
                now.toEpochMilli());
    }
}
