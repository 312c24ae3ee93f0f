package io.latchkey.server.password;

import java.time.Instant;

/** A member's password row. {@code resetRequired}: require_reset was called since it was set. */
record PasswordRecord(
        String memberPasswordId,
        String organizationId,
        String memberId,
        StoredHash hash,
        boolean resetRequired,
        Instant updatedAt) {}
