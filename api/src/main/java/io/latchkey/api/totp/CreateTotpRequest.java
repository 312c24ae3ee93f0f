package io.latchkey.api.totp;

import io.latchkey.api.Redacted;

/**
 * {@code POST /v1/b2b/totp}. {@code expirationMinutes} (default 60, 5 to 1440) bounds how long
 * the registration may wait for its first code. At most one token; when the member already has
 * an active second factor, a session carrying one is required.
 */
public record CreateTotpRequest(
        String organizationId,
        String memberId,
        Integer expirationMinutes,
        String intermediateSessionToken,
        String sessionToken,
        String sessionJwt) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
