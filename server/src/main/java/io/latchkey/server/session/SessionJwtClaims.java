package io.latchkey.server.session;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claim checks of a session JWT whose signature already holds: run only then, so a forger
 * learns nothing from which check failed.
 */
final class SessionJwtClaims {
    private final String projectId;
    private final Map<String, Object> claims;
    private final Instant now;

    SessionJwtClaims(String projectId, Map<String, Object> claims, Instant now) {
        this.projectId = projectId;
        this.claims = claims;
        this.now = now;
    }

    VerifiedSessionJwt verified(String kid, boolean allowExpired) {
        if (!SessionJwts.issuer(projectId).equals(claims.get("iss"))) {
            throw new ApiException(ErrorType.JWT_INVALID_ISSUER, "The session JWT's issuer is not this project.");
        }
        if (!audienceHasProject(claims.get("aud"))) {
            throw new ApiException(ErrorType.JWT_INVALID_AUDIENCE, "The session JWT's audience is not this project.");
        }
        String memberId = string(claims, "sub");
        Instant issuedAt = time("iat", true);
        Instant expiresAt = time("exp", true);
        Instant notBefore = time("nbf", false);
        Instant latestAcceptable = now.plus(SessionJwts.CLOCK_SKEW);
        if (issuedAt.isAfter(latestAcceptable) || (notBefore != null && notBefore.isAfter(latestAcceptable))) {
            throw invalid("The session JWT is not valid yet.");
        }
        boolean expired = !now.isBefore(expiresAt);
        if (expired && !allowExpired) {
            throw SessionJwts.notFound("The session JWT has expired.");
        }
        Map<String, Object> session = object(SessionJwts.SESSION_CLAIM);
        Map<String, Object> organization = object(SessionJwts.ORGANIZATION_CLAIM);
        return new VerifiedSessionJwt(
                kid,
                string(session, "id"),
                memberId,
                string(organization, "organization_id"),
                string(organization, "slug"),
                roles(session.get("roles")),
                issuedAt,
                expiresAt,
                expired,
                customClaims());
    }

    private boolean audienceHasProject(Object aud) {
        if (aud instanceof String single) {
            return single.equals(projectId);
        }
        return aud instanceof List<?> list && list.contains(projectId);
    }

    private static String string(Map<String, Object> from, String name) {
        if (from.get(name) instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw invalid("The session JWT lacks a valid " + name + " claim.");
    }

    private Instant time(String name, boolean required) {
        Object value = claims.get(name);
        if (value == null && !required) {
            return null;
        }
        // NumericDate as we mint it: whole seconds that fit a long.
        if (value instanceof Integer || value instanceof Long) {
            try {
                return Instant.ofEpochSecond(((Number) value).longValue());
            } catch (DateTimeException e) {
                // Beyond what an Instant holds: the same answer as any other bad value.
            }
        }
        throw invalid("The session JWT lacks a valid " + name + " claim.");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(String name) {
        if (claims.get(name) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw invalid("The session JWT lacks the " + name + " claim.");
    }

    private static List<String> roles(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> roles = new ArrayList<>();
            for (Object role : list) {
                if (!(role instanceof String s)) {
                    throw invalid("The session JWT's roles must be strings.");
                }
                roles.add(s);
            }
            return List.copyOf(roles);
        }
        throw invalid("The session JWT's roles must be a list.");
    }

    private Map<String, Object> customClaims() {
        Map<String, Object> custom = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            if (!SessionJwts.RESERVED_CLAIMS.contains(name)) {
                custom.put(name, value);
            }
        });
        return Collections.unmodifiableMap(custom);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorType.JWT_INVALID_CLAIMS, message);
    }
}
