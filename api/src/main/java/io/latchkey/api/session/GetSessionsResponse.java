package io.latchkey.api.session;

import java.util.List;

/** {@code GET /v1/b2b/sessions}: the member's active sessions. */
public record GetSessionsResponse(String requestId, List<MemberSession> memberSessions, int statusCode) {}
