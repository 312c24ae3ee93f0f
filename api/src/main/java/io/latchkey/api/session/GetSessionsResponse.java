package io.latchkey.api.session;

import java.util.List;

/** {@code GET /v1/b2b/sessions}: the member's active sessions. */
public record GetSessionsResponse(String requestId, List<MemberSession> memberSessions, int statusCode) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static GetSessionsResponse of(List<MemberSession> memberSessions) {
        return new GetSessionsResponse(null, memberSessions, 200);
    }
}
