package io.latchkey.api.magiclink;

import io.latchkey.api.Redacted;
import java.util.Map;

/**
 * {@code POST /v1/b2b/magic_links/authenticate}. The contract's field is {@code
 * magic_links_token}; {@code token} is accepted too because Stytch's own backend guide passes it.
 */
public record AuthenticateMagicLinkRequest(
        String magicLinksToken,
        String token,
        String pkceCodeVerifier,
        String sessionToken,
        String sessionJwt,
        Integer sessionDurationMinutes,
        Map<String, Object> sessionCustomClaims,
        String locale,
        String intermediateSessionToken,
        String telemetryId) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
