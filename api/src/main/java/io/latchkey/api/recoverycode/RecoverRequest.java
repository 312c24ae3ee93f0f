package io.latchkey.api.recoverycode;

import io.latchkey.api.Redacted;
import java.util.Map;

/** {@code POST /v1/b2b/recovery_codes/recover}: exactly one of the three tokens. */
public record RecoverRequest(
        String organizationId,
        String memberId,
        String recoveryCode,
        String intermediateSessionToken,
        String sessionToken,
        String sessionJwt,
        Integer sessionDurationMinutes,
        Map<String, Object> sessionCustomClaims,
        String telemetryId) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
