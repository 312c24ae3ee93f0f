package io.latchkey.api.session;

/**
 * {@code POST /v1/b2b/sessions/revoke}: exactly one selector; {@code memberId} revokes all of
 * that member's sessions.
 */
public record RevokeSessionRequest(
    String memberSessionId, String sessionToken, String sessionJwt, String memberId) {}
