package io.latchkey.server.totp;

import java.time.Instant;

/**
 * A TOTP registration as stored. {@code status} is {@link #PENDING} until the first code is
 * accepted, then {@link #ACTIVE}; {@code sealedSecret} opens only with the master key; {@code
 * lastUsedStep} is null until a code was accepted; {@code expiresAt} bounds a pending one.
 */
record TotpRegistration(
        String totpRegistrationId,
        String projectId,
        String organizationId,
        String memberId,
        String status,
        byte[] sealedSecret,
        Long lastUsedStep,
        Instant createdAt,
        Instant expiresAt) {
    static final String PENDING = "pending";
    static final String ACTIVE = "active";

    boolean isPending() {
        return PENDING.equals(status);
    }

    /** What the secret is sealed to: this row and purpose only. */
    String sealingContext() {
        return sealingContext(totpRegistrationId);
    }

    static String sealingContext(String totpRegistrationId) {
        return "totp_registrations/" + totpRegistrationId;
    }
}
