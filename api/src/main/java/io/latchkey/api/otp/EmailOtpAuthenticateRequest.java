package io.latchkey.api.otp;

import io.latchkey.api.Redacted;
import java.util.Map;

/** {@code POST /v1/b2b/otps/email/authenticate}: a primary factor, like a magic link. */
public record EmailOtpAuthenticateRequest(
        String organizationId,
        String emailAddress,
        String code,
        String sessionToken,
        String sessionJwt,
        String intermediateSessionToken,
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
