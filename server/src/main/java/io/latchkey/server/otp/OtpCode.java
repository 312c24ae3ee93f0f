package io.latchkey.server.otp;

import java.time.Instant;

/**
 * A one-time passcode as stored: never the code, only its keyed hash. {@code kind} is {@link
 * #SMS} or {@link #EMAIL}; {@code destination} the phone number or email address it went to;
 * {@code attempts} the wrong guesses at it so far.
 */
record OtpCode(
        String otpId,
        String projectId,
        String organizationId,
        String memberId,
        String kind,
        String destination,
        String codeHash,
        int attempts,
        Instant createdAt,
        Instant expiresAt) {
    static final String SMS = "sms";
    static final String EMAIL = "email";
}
