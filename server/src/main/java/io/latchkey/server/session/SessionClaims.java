package io.latchkey.server.session;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a session JWT says about its session: the input of {@link SessionJwts#mint}.
 *
 * @param sessionId member_session_id; not null
 * @param memberId the JWT's {@code sub}; not null
 * @param organizationId not null
 * @param organizationSlug not null
 * @param startedAt not null
 * @param lastAccessedAt not null
 * @param expiresAt the session's own expiry (not the JWT's); not null
 * @param ipAddress {@code attributes.ip_address}; null becomes {@code ""}
 * @param userAgent {@code attributes.user_agent}; null becomes {@code ""}
 * @param authenticationFactors AuthenticationFactor records or maps, written with the shared JSON
 *     mapper (snake_case); null becomes empty. The Java SDK rejects unknown type or
 *     delivery_method values, so only contract values belong here.
 * @param roles role ids effective for the session; null becomes empty
 * @param customClaims written as top-level claims; names the contract reserves (iss, sub, aud,
 *     exp, nbf, iat, jti and the two stytch.com claims) and null values are left out; null
 *     becomes empty
 */
public record SessionClaims(
        String sessionId,
        String memberId,
        String organizationId,
        String organizationSlug,
        Instant startedAt,
        Instant lastAccessedAt,
        Instant expiresAt,
        String ipAddress,
        String userAgent,
        List<?> authenticationFactors,
        List<String> roles,
        Map<String, Object> customClaims) {

    public SessionClaims {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(organizationSlug, "organizationSlug");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        ipAddress = ipAddress == null ? "" : ipAddress;
        userAgent = userAgent == null ? "" : userAgent;
        authenticationFactors = authenticationFactors == null ? List.of() : List.copyOf(authenticationFactors);
        roles = roles == null ? List.of() : List.copyOf(roles);
        // A copy that keeps the caller's order and tolerates null values (the JSON writer drops them).
        customClaims = customClaims == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(customClaims));
    }
}
