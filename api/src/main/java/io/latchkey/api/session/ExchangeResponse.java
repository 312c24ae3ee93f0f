package io.latchkey.api.session;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/**
 * The "exchange shape" shared by sessions.exchange, the discovery intermediate-session exchange
 * and discovery organization create: either a full session ({@code memberAuthenticated} true)
 * or an intermediate session token and what is still required.
 */
public record ExchangeResponse(
        String requestId,
        String memberId,
        String sessionToken,
        String sessionJwt,
        Member member,
        Organization organization,
        boolean memberAuthenticated,
        String intermediateSessionToken,
        int statusCode,
        MemberSession memberSession,
        MfaRequired mfaRequired,
        PrimaryRequired primaryRequired,
        String intermediateSessionTokenExpiresAt) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
