package io.latchkey.api.recoverycode;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.MemberSession;

/** Answer of recover: the session, and how many unused recovery codes the member has left. */
public record RecoverResponse(
        String requestId,
        String memberId,
        Member member,
        Organization organization,
        String sessionToken,
        String sessionJwt,
        int recoveryCodesRemaining,
        int statusCode,
        MemberSession memberSession) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
