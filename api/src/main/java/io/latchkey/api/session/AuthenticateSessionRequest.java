package io.latchkey.api.session;

import io.latchkey.api.Redacted;
import java.util.Map;

/**
 * {@code POST /v1/b2b/sessions/authenticate}: exactly one of {@code sessionToken} and
 * {@code sessionJwt}. A null custom-claim value deletes that claim.
 */
public record AuthenticateSessionRequest(
        String sessionToken,
        String sessionJwt,
        Integer sessionDurationMinutes,
        Map<String, Object> sessionCustomClaims,
        AuthorizationCheck authorizationCheck) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
