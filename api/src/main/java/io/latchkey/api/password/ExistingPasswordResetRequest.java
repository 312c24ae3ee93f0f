package io.latchkey.api.password;

import io.latchkey.api.Redacted;
import java.util.Map;

/** {@code POST /v1/b2b/passwords/existing_password/reset}. */
public record ExistingPasswordResetRequest(
        String emailAddress,
        String existingPassword,
        String newPassword,
        String organizationId,
        String sessionToken,
        Integer sessionDurationMinutes,
        String sessionJwt,
        Map<String, Object> sessionCustomClaims,
        String locale,
        String telemetryId) {
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
