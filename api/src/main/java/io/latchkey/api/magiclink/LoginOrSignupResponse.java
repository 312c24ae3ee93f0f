package io.latchkey.api.magiclink;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/** Answer of login_or_signup; {@code memberCreated} tells a signup from a login. */
public record LoginOrSignupResponse(
        String requestId,
        String memberId,
        boolean memberCreated,
        Member member,
        Organization organization,
        int statusCode) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static LoginOrSignupResponse of(Member member, boolean memberCreated, Organization organization) {
        return new LoginOrSignupResponse(null, member.memberId(), memberCreated, member, organization, 200);
    }
}
