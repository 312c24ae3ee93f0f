package io.latchkey.api.totp;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.MemberSession;

/** Answer of TOTP authenticate: the session the factor completed or was added to. */
public record AuthenticateTotpResponse(
        String requestId,
        String memberId,
        Member member,
        Organization organization,
        String sessionToken,
        String sessionJwt,
        int statusCode,
        MemberSession memberSession) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
