package io.latchkey.server.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque tokens and secrets: 32 random bytes, base64url without padding (43 characters), and
 * the SHA-256 hash under which they are stored. The tokens carry 256 bits of entropy, so a fast
 * hash is enough: nobody can brute-force the preimage, and a lookup by hash is a point select.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final int TOKEN_BYTES = 32;

    private Tokens() {}

    /** A fresh 256-bit token, URL-safe. */
    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    /** {@code count} random bytes; for keys and codes. */
    public static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A uniformly random integer in [0, bound). */
    public static int randomInt(int bound) {
        return RANDOM.nextInt(bound);
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: the only form a token is stored in. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Compares two hashes in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
