package io.latchkey.api.session;

import io.latchkey.api.Redacted;
import java.util.Map;

/** {@code POST /v1/b2b/sessions/exchange}: move a session to another organization of the same email. */
public record ExchangeSessionRequest(
        String organizationId,
        String sessionToken,
        String sessionJwt,
        Integer sessionDurationMinutes,
        Map<String, Object> sessionCustomClaims,
        String locale,
        String telemetryId) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
