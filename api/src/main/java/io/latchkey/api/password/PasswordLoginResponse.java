package io.latchkey.api.password;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.MemberSession;
import io.latchkey.api.session.MfaRequired;
import io.latchkey.api.session.PrimaryRequired;

/**
 * Answer of every password call that logs in (authenticate, email reset, existing-password
 * reset, session reset): a session, or ({@code memberAuthenticated} false) an intermediate
 * session token and what is still required, the session fields then {@code ""}.
 * {@code memberEmailId} is present only for the email reset.
 */
public record PasswordLoginResponse(
        String requestId,
        String memberId,
        String memberEmailId,
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
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
