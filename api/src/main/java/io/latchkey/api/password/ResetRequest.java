package io.latchkey.api.password;

import io.latchkey.api.Redacted;
import java.util.Map;

/** {@code POST /v1/b2b/passwords/email/reset}: the emailed token, a new password, and a login. */
public record ResetRequest(
        String passwordResetToken,
        String password,
        String sessionToken,
        Integer sessionDurationMinutes,
        String sessionJwt,
        String codeVerifier,
        Map<String, Object> sessionCustomClaims,
        String locale,
        String intermediateSessionToken,
        String telemetryId) {
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
