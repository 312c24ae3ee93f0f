package io.latchkey.api.password;

import io.latchkey.api.Redacted;
import java.util.Map;

/** {@code POST /v1/b2b/passwords/session/reset}: a new password from a live session. */
public record SessionResetRequest(
        String organizationId,
        String password,
        String sessionToken,
        String sessionJwt,
        Integer sessionDurationMinutes,
        Map<String, Object> sessionCustomClaims,
        String locale,
        String telemetryId) {
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
