package io.latchkey.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The project's public signing keys, fetched from the JWKS route and kept in memory, each as a
 * {@link RSAPublicKey} keyed by {@code kid}.
 *
 * <p>Refreshing: the set is fetched on first use; when it is older than {@code maxAge} it is
 * refreshed in the background while the old set keeps answering; and a JWT whose {@code kid} is
 * unknown triggers a refetch right away (a key was rotated in), at most once per {@code
 * minRefetchInterval} so that tokens with made-up kids cannot turn into a flood of fetches.
 * Concurrent callers share one fetch in flight. A failed refresh keeps the old set: a network blip
 * must not log everybody out.
 *
 * <p>Thread-safe and lock-free: the set is an immutable snapshot behind a volatile field.
 */
final class JwksCache {
    private final Transport transport;
    private final String path;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration minRefetchInterval;
    private final AtomicReference<CompletableFuture<Keys>> inFlight = new AtomicReference<>();
    private volatile Keys keys;
    private volatile Instant lastFetch = Instant.MIN;

    /** One fetched set: public keys by kid, and when it was fetched. */
    private record Keys(Map<String, RSAPublicKey> byKid, Instant fetchedAt) {}

    JwksCache(Transport transport, String path, Clock clock, Duration maxAge, Duration minRefetchInterval) {
        this.transport = transport;
        this.path = path;
        this.clock = clock;
        this.maxAge = maxAge;
        this.minRefetchInterval = minRefetchInterval;
    }

    /** The key for {@code kid}, fetching the set if needed; blocks only while fetching. */
    RSAPublicKey key(String kid) {
        RSAPublicKey cached = cachedOrRefreshInBackground(kid);
        return cached != null ? cached : Transport.await(fetchFor(kid));
    }

    /** As {@link #key}, without blocking. */
    CompletableFuture<RSAPublicKey> keyAsync(String kid) {
        RSAPublicKey cached = cachedOrRefreshInBackground(kid);
        return cached != null ? CompletableFuture.completedFuture(cached) : fetchFor(kid);
    }

    /** The current set's key ids; for tests and diagnostics. */
    int size() {
        Keys k = keys;
        return k == null ? 0 : k.byKid.size();
    }

    private RSAPublicKey cachedOrRefreshInBackground(String kid) {
        Keys k = keys;
        if (k == null) {
            return null;
        }
        Instant now = clock.instant();
        if (now.isAfter(k.fetchedAt.plus(maxAge)) && mayFetch(now)) {
            refresh();
        }
        return k.byKid.get(kid);
    }

    private CompletableFuture<RSAPublicKey> fetchFor(String kid) {
        // Join a fetch in flight; else look again, as one may have just finished (it publishes the
        // keys before it clears the in-flight marker, so reading in this order sees them).
        CompletableFuture<Keys> running = inFlight.get();
        if (running == null) {
            Keys k = keys;
            RSAPublicKey v = k == null ? null : k.byKid.get(kid);
            if (v != null) {
                return CompletableFuture.completedFuture(v);
            }
            if (!mayFetch(clock.instant())) {
                return CompletableFuture.failedFuture(
                        k == null
                                ? new LatchkeyJwtException(
                                        LatchkeyJwtException.Reason.JWKS_UNAVAILABLE,
                                        "the JWKS could not be fetched recently; not retrying yet")
                                : unknownKey(kid, "not refetching the JWKS yet (refetch interval)"));
            }
            running = refresh();
        }
        return running.handle((fresh, failure) -> {
            if (failure != null) {
                throw new LatchkeyJwtException(
                        LatchkeyJwtException.Reason.JWKS_UNAVAILABLE,
                        "the JWKS could not be fetched: "
                                + Transport.unwrap(failure).getMessage(),
                        failure);
            }
            RSAPublicKey v = fresh.byKid.get(kid);
            if (v == null) {
                throw unknownKey(kid, "not in the JWKS");
            }
            return v;
        });
    }

    private static LatchkeyJwtException unknownKey(String kid, String why) {
        return new LatchkeyJwtException(LatchkeyJwtException.Reason.UNKNOWN_KEY, "kid " + kid + " " + why);
    }

    private boolean mayFetch(Instant now) {
        return !now.isBefore(lastFetch.plus(minRefetchInterval));
    }

    /** Starts a fetch, or joins the one in flight. */
    private CompletableFuture<Keys> refresh() {
        while (true) {
            CompletableFuture<Keys> current = inFlight.get();
            if (current != null) {
                return current;
            }
            CompletableFuture<Keys> mine = new CompletableFuture<>();
            if (inFlight.compareAndSet(null, mine)) {
                lastFetch = clock.instant();
                CompletableFuture<String> body;
                try {
                    body = transport.getPublic(path);
                } catch (RuntimeException e) {
                    body = CompletableFuture.failedFuture(e);
                }
                body.thenApply(this::parse).whenComplete((fresh, failure) -> {
                    if (fresh != null) {
                        keys = fresh;
                    }
                    inFlight.set(null);
                    if (failure != null) {
                        mine.completeExceptionally(failure);
                    } else {
                        mine.complete(fresh);
                    }
                });
                return mine;
            }
        }
    }

    private Keys parse(String body) {
        JsonNode root;
        try {
            root = SdkJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the JWKS is not JSON", e);
        }
        JsonNode list = root == null ? null : root.get("keys");
        if (list == null || !list.isArray()) {
            throw new IllegalStateException("the JWKS has no keys array");
        }
        Map<String, RSAPublicKey> byKid = new HashMap<>();
        for (JsonNode node : list) {
            if (!(node instanceof ObjectNode object)) {
                continue;
            }
            RSAKey key = usableKey(object.deepCopy());
            if (key != null) {
                try {
                    byKid.put(key.getKeyID(), key.toRSAPublicKey());
                } catch (JOSEException e) {
                    // A key the JDK cannot use cannot verify anything; skip it like a foreign key type.
                }
            }
        }
        return new Keys(Map.copyOf(byKid), clock.instant());
    }

    /**
     * The key if it may verify an RS256 session JWT, else null: an RSA key with a kid, whose
     * optional {@code alg}, {@code use} and {@code key_ops} allow RS256 signature verification
     * (the same rules as the official Node SDK). One odd key never spoils the others.
     */
    private static RSAKey usableKey(ObjectNode node) {
        // Certificates are not needed to verify with n and e, and a malformed or empty chain would
        // make Nimbus refuse the whole key.
        node.remove(List.of("x5c", "x5t", "x5t#S256", "x5tS256", "x5u"));
        JWK jwk;
        try {
            jwk = JWK.parse(node.toString());
        } catch (ParseException | RuntimeException e) {
            return null;
        }
        if (!(jwk instanceof RSAKey full) || full.getKeyID() == null) {
            return null;
        }
        RSAKey rsa = full.toPublicJWK();
        if (rsa.getAlgorithm() != null && !JWSAlgorithm.RS256.equals(rsa.getAlgorithm())) {
            return null;
        }
        if (rsa.getKeyUse() != null && !KeyUse.SIGNATURE.equals(rsa.getKeyUse())) {
            return null;
        }
        if (rsa.getKeyOperations() != null && !rsa.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return null;
        }
        return rsa;
    }
}
