package io.latchkey.api.magiclink;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.MemberSession;
import io.latchkey.api.session.MfaRequired;
import io.latchkey.api.session.PrimaryRequired;

/**
 * Answer of magic-link authenticate: a full session, or ({@code memberAuthenticated} false) an
 * intermediate session token and what is still required; then the session fields are {@code ""}.
 */
public record AuthenticateMagicLinkResponse(
        String requestId,
        String memberId,
        String methodId,
        boolean resetSessions,
        String organizationId,
        Member member,
        String sessionToken,
        String sessionJwt,
        Organization organization,
        String intermediateSessionToken,
        boolean memberAuthenticated,
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
