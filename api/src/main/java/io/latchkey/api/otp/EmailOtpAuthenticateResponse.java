package io.latchkey.api.otp;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.MemberSession;
import io.latchkey.api.session.MfaRequired;
import io.latchkey.api.session.PrimaryRequired;

/**
 * Answer of email OTP authenticate: a full session, or ({@code memberAuthenticated} false) an
 * intermediate session token and what is still required; then the session fields are {@code ""}.
 */
public record EmailOtpAuthenticateResponse(
        String requestId,
        String memberId,
        String methodId,
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
