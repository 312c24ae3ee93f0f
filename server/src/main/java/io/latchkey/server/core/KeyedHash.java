package io.latchkey.server.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a key derived from the master key: the stored form of short secrets such as
 * six-digit codes and recovery codes. {@link Tokens#hash} suits 256-bit tokens, but a plain hash
 * of a six-digit code is reversed by trying a million values; without the master key a database
 * copy reveals nothing. {@code context} separates uses, so one value hashed for two purposes
 * gives two unrelated hashes. Thread-safe.
 */
public final class KeyedHash {
    private static final String ALGORITHM = "HmacSHA256";
    private static final String DERIVATION_LABEL = "latchkey/keyed-hash/v1";

    private final SecretKeySpec key;

    /** @param masterKey the 32-byte master key; only a key derived from it is kept */
    public KeyedHash(byte[] masterKey) {
        if (masterKey == null || masterKey.length != 32) {
            throw new IllegalArgumentException("master key must be 32 bytes");
        }
        this.key = new SecretKeySpec(mac(new SecretKeySpec(masterKey, ALGORITHM), DERIVATION_LABEL), ALGORITHM);
    }

    /** Lower-case hex HMAC of {@code value} for {@code context}. */
    public String hash(String context, String value) {
        return HexFormat.of().formatHex(mac(key, context + '\0' + value));
    }

    private static byte[] mac(SecretKeySpec key, String input) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
