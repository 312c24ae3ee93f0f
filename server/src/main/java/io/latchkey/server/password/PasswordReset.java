package io.latchkey.server.password;

import java.time.Instant;

/** A reset link as stored (its token only as a hash); organization and member null for discovery. */
record PasswordReset(
        String organizationId,
        String memberId,
        String emailAddress,
        String redirectUrl,
        String pkceChallenge,
        Instant createdAt,
        Instant expiresAt,
        Instant usedAt) {
    boolean isDiscovery() {
        return organizationId == null;
    }

    /** Not yet spent and not expired at {@code now}; spending it still decides by row count. */
    boolean usableAt(Instant now) {
        return usedAt == null && expiresAt.isAfter(now);
    }
}
