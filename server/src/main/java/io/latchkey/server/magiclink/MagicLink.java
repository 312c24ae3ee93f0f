package io.latchkey.server.magiclink;

import java.time.Instant;

/** A sent link as stored (its token only as a hash). */
record MagicLink(
        String projectId,
        String organizationId,
        String memberId,
        String emailAddress,
        MagicLinkPurpose purpose,
        String redirectUrl,
        String pkceChallenge,
        Instant createdAt,
        Instant expiresAt,
        Instant usedAt) {}
