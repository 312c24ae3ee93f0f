package io.latchkey.api.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One public signing key as the JWKS route publishes it. Every field is required by the Java
 * SDK's model and never null; {@code x5c} may be empty and {@code x5tS256} empty when no
 * certificate is attached.
 *
 * @param kty key type, {@code RSA}
 * @param use {@code sig}
 * @param keyOps {@code ["verify"]}: Node's jose skips a key whose key_ops lack it
 * @param alg {@code RS256}
 * @param kid key id, {@code jwk-test-<uuid>} or {@code jwk-live-<uuid>}
 * @param x5c X.509 chain, base64 DER; empty when none
 * @param x5tS256 SHA-256 thumbprint of the first certificate, base64url; empty when none
 * @param n modulus, base64url
 * @param e public exponent, base64url
 */
public record Jwk(
        String kty,
        String use,
        List<String> keyOps,
        String alg,
        String kid,
        List<String> x5c,
        // Stytch's own spelling (not the RFC's "x5t#S256"), and outside the snake_case naming rule.
        @JsonProperty("x5tS256") String x5tS256,
        String n,
        String e) {}
