package io.latchkey.api.sso;

import io.latchkey.api.Redacted;
import java.util.Map;

/** Body of {@code POST /v1/b2b/sso/authenticate}; only {@code ssoToken} is required. */
public record SSOAuthenticateRequest(
        String ssoToken,
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
