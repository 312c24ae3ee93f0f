package io.latchkey.server.session;

import java.time.Instant;

/**
 * A signing key as the database holds it.
 *
 * @param kid key id, {@code jwk-<test|live>-<uuid>}
 * @param projectId the project whose JWTs it signs
 * @param publicJwk the public JWK as JSON; holds no private parameter
 * @param sealedPrivateKey the PKCS#8 private key sealed with the master key; never logged
 * @param createdAt when it was made
 * @param retiredAt when it stopped signing; null while it is the project's current key
 */
public record StoredSigningKey(
        String kid,
        String projectId,
        String publicJwk,
        byte[] sealedPrivateKey,
        Instant createdAt,
        Instant retiredAt) {}
