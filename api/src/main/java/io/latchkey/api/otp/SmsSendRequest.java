package io.latchkey.api.otp;

import io.latchkey.api.Redacted;

/**
 * {@code POST /v1/b2b/otps/sms/send}. {@code mfaPhoneNumber} is needed only when the member has
 * no number yet; at most one of the three tokens may be given, and it must be the member's.
 */
public record SmsSendRequest(
        String organizationId,
        String memberId,
        String mfaPhoneNumber,
        String locale,
        String intermediateSessionToken,
        String sessionToken,
        String sessionJwt) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
