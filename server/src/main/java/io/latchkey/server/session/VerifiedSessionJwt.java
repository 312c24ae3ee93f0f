package io.latchkey.server.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A session JWT whose signature, issuer, audience and claims {@link SessionJwts#verify} checked.
 * It proves the token was minted for this project; whether the session is still alive is the
 * sessions feature's question.
 *
 * @param kid the key that signed it
 * @param sessionId {@code https://stytch.com/session} {@code id}: the member_session_id
 * @param memberId {@code sub}
 * @param organizationId from {@code https://stytch.com/organization}
 * @param organizationSlug from {@code https://stytch.com/organization}
 * @param roles session roles; empty when the claim has none
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}: the JWT's expiry, not the session's
 * @param expired true when {@code exp} has passed (only returned when expiry was allowed)
 * @param customClaims every other top-level claim, as parsed JSON (maps, lists, strings, numbers,
 *     booleans)
 */
public record VerifiedSessionJwt(
        String kid,
        String sessionId,
        String memberId,
        String organizationId,
        String organizationSlug,
        List<String> roles,
        Instant issuedAt,
        Instant expiresAt,
        boolean expired,
        Map<String, Object> customClaims) {}
