package io.latchkey.api.session;

import java.util.Map;

/**
 * {@code POST /v1/b2b/sessions/authenticate}: exactly one of {@code sessionToken} and
 * {@code sessionJwt}. A null custom-claim value deletes that claim.
 */
public record AuthenticateSessionRequest(
    String sessionToken,
    String sessionJwt,
    Integer sessionDurationMinutes,
    Map<String, Object> sessionCustomClaims,
    AuthorizationCheck authorizationCheck) {}
