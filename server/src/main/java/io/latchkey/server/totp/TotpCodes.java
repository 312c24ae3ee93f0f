package io.latchkey.server.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based codes as every authenticator app computes them: HMAC-SHA1, six digits,
 * 30-second steps counted from the epoch. A code is accepted for the current step and one step
 * either side, for clocks a little off. Stateless.
 */
final class TotpCodes {
    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    private static final int TOLERANCE_STEPS = 1;

    private TotpCodes() {}

    static long stepAt(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of {@code step} (RFC 4226 HOTP with the step as counter). */
    static String code(byte[] secret, long step) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every JVM", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }

    /**
     * The latest step within the tolerance at {@code now} whose code is {@code code}, or empty.
     * Every candidate is computed and compared in constant time, so timing tells nothing of which
     * step matched or how much of a wrong code was right.
     */
    static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        long current = stepAt(now);
        long found = Long.MIN_VALUE;
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        for (long step = current - TOLERANCE_STEPS; step <= current + TOLERANCE_STEPS; step++) {
            if (MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII), given)) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
