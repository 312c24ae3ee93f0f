package io.latchkey.api.member;

import io.latchkey.api.organization.Organization;

/**
 * Response of members create, get, update, reactivate and dangerously_get: the member and its
 * organization, all non-null.
 */
public record MemberResponse(
        String requestId, String memberId, Member member, Organization organization, int statusCode) {
    public MemberResponse(Member member, Organization organization) {
        this(null, member.memberId(), member, organization, 200);
    }
}
