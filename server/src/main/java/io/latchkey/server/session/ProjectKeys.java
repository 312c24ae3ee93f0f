package io.latchkey.server.session;

import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import io.latchkey.api.session.Jwk;
import java.time.Instant;
import java.util.List;

/**
 * One project's signing keys as this node last read them from the database. Immutable, so
 * request threads share it without locking; {@link SigningKeyService} swaps in a new one.
 *
 * @param readSequence orders reads on this node: a larger number began its database read later
 * @param loadedAt when the read was made, by the service's clock
 * @param signing the current key, ready to sign; null when this node could not open it (the
 *     reason is logged once per read)
 * @param keys the current key and the retired keys still published when read, newest first
 */
record ProjectKeys(long readSequence, Instant loadedAt, SigningKey signing, List<PublishedKey> keys) {

    /** The current key: its kid goes in the JWT header. */
    record SigningKey(String kid, JWSSigner signer) {}

    /** A key that verifies, with its wire form prepared once. */
    record PublishedKey(String kid, Jwk jwk, JWSVerifier verifier, Instant retiredAt) {
        boolean isPublishedAt(Instant now) {
            return retiredAt == null || now.isBefore(retiredAt.plus(SigningKeyService.RETIRED_KEY_PUBLISHED_FOR));
        }
    }

    boolean isFreshAt(Instant now) {
        // A clock that went backwards also makes the copy stale rather than trusted for longer.
        return !now.isBefore(loadedAt) && now.isBefore(loadedAt.plus(SigningKeyService.REFRESH_INTERVAL));
    }

    /** The verifier for {@code kid} if it is one of these keys and still published; else null. */
    JWSVerifier verifier(String kid, Instant now) {
        for (PublishedKey key : keys) {
            if (key.kid().equals(kid)) {
                return key.isPublishedAt(now) ? key.verifier() : null;
            }
        }
        return null;
    }

    PublishedKey find(String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst().orElse(null);
    }

    List<Jwk> jwksAt(Instant now) {
        return keys.stream()
                .filter(k -> k.isPublishedAt(now))
                .map(PublishedKey::jwk)
                .toList();
    }
}
