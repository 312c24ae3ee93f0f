package io.latchkey.server.session;

import java.time.Instant;

/**
 * What an operator sees of a signing key (never its private half).
 *
 * @param kid key id
 * @param createdAt when it was made
 * @param retiredAt when it stopped signing; null for the current key
 * @param publishedUntil when it leaves the JWKS; null for the current key
 * @param published whether the JWKS lists it now
 */
public record SigningKeyInfo(
        String kid, Instant createdAt, Instant retiredAt, Instant publishedUntil, boolean published) {}
