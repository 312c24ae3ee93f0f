package io.latchkey.server.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption at rest with the master key (AES-256-GCM, random 96-bit nonce): for
 * what the server must read back later, such as JWT signing keys and queued mail. The output is
 * {@code version(1) || nonce(12) || ciphertext+tag}; {@code context} is bound as associated data
 * so a ciphertext moved to another row or purpose fails to open. Thread-safe.
 */
public final class SecretBox {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    public SecretBox(byte[] masterKey) {
        if (masterKey == null || masterKey.length != 32) {
            throw new IllegalArgumentException("master key must be 32 bytes");
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
    }

    public byte[] seal(byte[] plaintext, String context) {
        byte[] nonce = Tokens.randomBytes(NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every JVM", e);
        }
    }

    public byte[] seal(String plaintext, String context) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
    }

    /**
     * Opens what {@link #seal} made with the same key and context.
     *
     * @throws IllegalStateException when the box was tampered with, or the key or context differ
     *     (for example a wrong LATCHKEY_MASTER_KEY)
     */
    public byte[] open(byte[] box, String context) {
        if (box == null || box.length < 1 + NONCE_BYTES + TAG_BITS / 8 || box[0] != VERSION) {
            throw new IllegalStateException("sealed value is malformed");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, 1, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(box, 1 + NONCE_BYTES, box.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed value cannot be opened: wrong master key, or the data was altered");
        }
    }

    public String openString(byte[] box, String context) {
        return new String(open(box, context), StandardCharsets.UTF_8);
    }
}
