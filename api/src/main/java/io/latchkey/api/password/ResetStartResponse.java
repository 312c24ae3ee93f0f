package io.latchkey.api.password;

import io.latchkey.api.member.Member;

/** Answer of passwords.email.reset.start. */
public record ResetStartResponse(
        String requestId, String memberId, String memberEmailId, Member member, int statusCode) {
    public static ResetStartResponse of(Member member, String emailId) {
        return new ResetStartResponse(null, member.memberId(), emailId, member, 200);
    }
}
