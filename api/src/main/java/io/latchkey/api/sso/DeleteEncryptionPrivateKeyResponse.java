package io.latchkey.api.sso;

/** Answer of {@code DELETE .../encryption_private_keys/{private_key_id}}. */
public record DeleteEncryptionPrivateKeyResponse(String requestId, String privateKeyId, int statusCode) {
    public static DeleteEncryptionPrivateKeyResponse of(String privateKeyId) {
        return new DeleteEncryptionPrivateKeyResponse(null, privateKeyId, 200);
    }
}
