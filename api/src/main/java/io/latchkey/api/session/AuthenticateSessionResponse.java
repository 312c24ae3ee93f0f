package io.latchkey.api.session;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/**
 * A session check's answer. {@code sessionJwt} is always a JWT fresh enough to use;
 * {@code sessionToken} is the token the caller presented, or {@code ""} when it presented a JWT
 * (tokens are stored only as hashes, so the server cannot recover it). {@code verdict} is
 * present only when an authorization check passed.
 */
public record AuthenticateSessionResponse(
        String requestId,
        MemberSession memberSession,
        String sessionToken,
        String sessionJwt,
        Member member,
        Organization organization,
        int statusCode,
        AuthorizationVerdict verdict) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
