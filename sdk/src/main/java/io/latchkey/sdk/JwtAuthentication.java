package io.latchkey.sdk;

import io.latchkey.api.Redacted;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.api.session.MemberSession;
import java.util.Map;

/**
 * A session JWT that passed: the member's session and custom claims, and how it was checked.
 *
 * @param memberSession the session the JWT stands for; never null. After a local check it is
 *     built from the JWT's claims, so {@code lastAccessedAt} is as of the JWT's minting.
 * @param customClaims the session's custom claims: every top-level claim except the registered
 *     ones ({@code iss sub aud exp nbf iat jti}) and the two {@code https://stytch.com/...}
 *     claims; never null, unmodifiable
 * @param sessionJwt the JWT to keep using: the one presented after a local check, the freshly
 *     minted one after a remote check (set it as the cookie); never null
 * @param verification which path decided
 * @param remote the server's full answer after a remote check (member, organization...); null
 *     after a local check
 */
public record JwtAuthentication(
        MemberSession memberSession,
        Map<String, Object> customClaims,
        String sessionJwt,
        Verification verification,
        AuthenticateSessionResponse remote) {

    /** How a session JWT was checked. */
    public enum Verification {
        /** Signature and claims checked in-process against the cached JWKS; no call was made. */
        LOCAL,
        /** The server checked it ({@code POST /v1/b2b/sessions/authenticate}): the session is live now. */
        REMOTE
    }

    /**
     * Prints the session, never the JWT (a bearer credential until it expires): this record ends
     * up in log lines and exception messages.
     */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }

    /** True when no call to the server was needed. */
    public boolean verifiedLocally() {
        return verification == Verification.LOCAL;
    }
}
