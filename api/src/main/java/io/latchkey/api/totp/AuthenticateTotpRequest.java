package io.latchkey.api.totp;

import io.latchkey.api.Redacted;
import java.util.Map;

/** {@code POST /v1/b2b/totp/authenticate}: exactly one of the three tokens. */
public record AuthenticateTotpRequest(
        String organizationId,
        String memberId,
        String code,
        String intermediateSessionToken,
        String sessionToken,
        String sessionJwt,
        Integer sessionDurationMinutes,
        Map<String, Object> sessionCustomClaims,
        String setMfaEnrollment,
        Boolean setDefaultMfa,
        String telemetryId) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
