package io.latchkey.api.discovery;

import io.latchkey.api.Redacted;
import java.util.Map;

/**
 * {@code POST /v1/b2b/discovery/intermediate_sessions/exchange}. {@code organizationId} may be
 * an id, slug or external id. The answer is {@link io.latchkey.api.session.ExchangeResponse}.
 */
public record ExchangeIntermediateSessionRequest(
        String intermediateSessionToken,
        String organizationId,
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
