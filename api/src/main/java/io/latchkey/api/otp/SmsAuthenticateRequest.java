package io.latchkey.api.otp;

import io.latchkey.api.Redacted;
import java.util.Map;

/**
 * {@code POST /v1/b2b/otps/sms/authenticate}: exactly one of the intermediate session token,
 * session token and session JWT. {@code setMfaEnrollment} is {@code enroll} or {@code unenroll}.
 */
public record SmsAuthenticateRequest(
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
