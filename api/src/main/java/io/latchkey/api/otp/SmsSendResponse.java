package io.latchkey.api.otp;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/** Answer of SMS send: the member (with its MFA phone number) and its organization. */
public record SmsSendResponse(
        String requestId, String memberId, Member member, Organization organization, int statusCode) {
    public SmsSendResponse(Member member, Organization organization) {
        this(null, member.memberId(), member, organization, 200);
    }
}
