package io.latchkey.api.magiclink;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/** Answer of an invite: the invited member (status {@code invited}). */
public record InviteResponse(
        String requestId, String memberId, Member member, Organization organization, int statusCode) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static InviteResponse of(Member member, Organization organization) {
        return new InviteResponse(null, member.memberId(), member, organization, 200);
    }
}
