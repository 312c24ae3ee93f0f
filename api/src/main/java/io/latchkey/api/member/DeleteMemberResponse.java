package io.latchkey.api.member;

/** Response of members delete. */
public record DeleteMemberResponse(String requestId, String memberId, int statusCode) {
    public DeleteMemberResponse(String memberId) {
        this(null, memberId, 200);
    }
}
