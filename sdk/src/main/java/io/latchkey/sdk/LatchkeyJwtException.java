package io.latchkey.sdk;

/**
 * A session JWT failed local verification ({@link Sessions#authenticateJwtLocal}). The {@link
 * #reason()} says why; {@link Reason#isConclusive()} tells a token refused for good (forged,
 * foreign, malformed, signed by a key the freshly fetched JWKS does not hold) from one that merely
 * cannot be judged locally (too old, expired, JWKS unreachable), which {@link
 * Sessions#authenticateJwt} hands to the server instead.
 *
 * <p>Immutable and thread-safe.
 */
public final class LatchkeyJwtException extends LatchkeyException {

    /** Why verification failed. */
    public enum Reason {
        /** Not a compact JWS, or its header or payload is not JSON. */
        MALFORMED(true),
        /** The header's {@code alg} is not RS256 (e.g. {@code none}, HS256), or its {@code typ} is not JWT. */
        UNSUPPORTED_ALGORITHM(true),
        /** The signature does not verify with the key the {@code kid} names. */
        INVALID_SIGNATURE(true),
        /** The {@code iss} is neither {@code stytch.com/<project_id>} nor the base URL. */
        INVALID_ISSUER(true),
        /** The {@code aud} does not contain the project id. */
        INVALID_AUDIENCE(true),
        /** A required claim is missing or has the wrong shape (a newer server's format, perhaps). */
        INVALID_CLAIMS(false),
        /**
         * The {@code kid} is not in the JWKS, even after refetching it (or refetching was rate
         * limited). Conclusive: anyone can write a made-up {@code kid}, so asking the server about
         * each one would let tokens nobody signed turn every request into a remote call. A key
         * rotated in since the last fetch is found by the next refetch, at most {@code
         * jwksRefreshInterval} later (the official SDKs wait the same way).
         */
        UNKNOWN_KEY(true),
        /** The JWKS could not be fetched. */
        JWKS_UNAVAILABLE(false),
        /** Past its {@code exp} (beyond the clock tolerance). The session itself may still be alive. */
        EXPIRED(false),
        /** Before its {@code nbf} or {@code iat} (beyond the clock tolerance): clocks disagree. */
        NOT_YET_VALID(false),
        /** Issued longer ago than the caller's {@code maxTokenAgeSeconds}. */
        TOO_OLD(false);

        private final boolean conclusive;

        Reason(boolean conclusive) {
            this.conclusive = conclusive;
        }

        /**
         * True when the token is proved bad, so asking the server cannot make it valid; false when it
         * only cannot be judged locally.
         */
        public boolean isConclusive() {
            return conclusive;
        }
    }

    private final Reason reason;

    public LatchkeyJwtException(Reason reason, String message) {
        this(reason, message, null);
    }

    public LatchkeyJwtException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** Why verification failed; never null. */
    public Reason reason() {
        return reason;
    }
}
