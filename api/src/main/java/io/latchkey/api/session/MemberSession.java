package io.latchkey.api.session;

import java.util.List;
import java.util.Map;

/** A member's session as the API returns it; times are RFC 3339 in UTC. */
public record MemberSession(
        String memberSessionId,
        String memberId,
        String startedAt,
        String lastAccessedAt,
        String expiresAt,
        List<AuthenticationFactor> authenticationFactors,
        String organizationId,
        List<String> roles,
        String organizationSlug,
        Map<String, Object> customClaims) {}
