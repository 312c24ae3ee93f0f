package io.latchkey.api.sso;

/**
 * A key the IdP's encrypted assertions are decrypted with. The key itself is sealed at rest and
 * never answered: {@code privateKey} is {@code ""} in every answer. {@code createdAt} may be null.
 */
public record EncryptionPrivateKey(String privateKeyId, String privateKey, String createdAt) {
    @Override
    public String toString() {
        return io.latchkey.api.Redacted.toString(this);
    }
}
