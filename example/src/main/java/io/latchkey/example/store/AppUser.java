package io.latchkey.example.store;

import java.time.Instant;

/**
 * A row of the example's {@code users} table: its own record of a Latchkey member.
 *
 * @param memberId Latchkey's member id, the key
 * @param organizationId the member's organization
 * @param email as Latchkey last reported it
 * @param name the member's name as last saved; may be empty, never null
 * @param lastLoginAt when the member last completed a login; may be null
 * @param createdAt when the row was made
 * @param updatedAt when the row last changed
 */
public record AppUser(
        String memberId,
        String organizationId,
        String email,
        String name,
        Instant lastLoginAt,
        Instant createdAt,
        Instant updatedAt) {}
