package io.latchkey.server.session;

import io.latchkey.api.session.AuthenticationFactor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A member session as stored. {@code revokedAt} is null while the session stands; a session is
 * alive when not revoked and {@code expiresAt} is in the future.
 */
public record SessionRecord(
        String sessionId,
        String projectId,
        String organizationId,
        String memberId,
        Instant startedAt,
        Instant lastAccessedAt,
        Instant expiresAt,
        Instant revokedAt,
        List<AuthenticationFactor> factors,
        Map<String, Object> customClaims,
        Instant updatedAt) {

    public boolean isAlive(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }
}
