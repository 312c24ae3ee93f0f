package io.latchkey.api.session;

import io.latchkey.api.Redacted;

/**
 * {@code POST /v1/b2b/sessions/revoke}: exactly one selector; {@code memberId} revokes all of
 * that member's sessions.
 */
public record RevokeSessionRequest(String memberSessionId, String sessionToken, String sessionJwt, String memberId) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
