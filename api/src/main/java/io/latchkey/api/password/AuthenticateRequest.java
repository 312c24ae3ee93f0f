package io.latchkey.api.password;

import io.latchkey.api.Redacted;
import java.util.Map;

/** {@code POST /v1/b2b/passwords/authenticate}: email + password into one organization. */
public record AuthenticateRequest(
        String organizationId,
        String emailAddress,
        String password,
        String sessionToken,
        Integer sessionDurationMinutes,
        String sessionJwt,
        Map<String, Object> sessionCustomClaims,
        String locale,
        String intermediateSessionToken,
        String telemetryId) {
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
