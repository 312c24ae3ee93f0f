package io.latchkey.server.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Json;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.project.Project;
import io.latchkey.server.session.ProjectKeys.SigningKey;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Session JWTs: minted in exactly the layout the official SDKs verify locally (contract phase 1
 * §7.1), and verified for API calls that take one. Thread-safe.
 */
public final class SessionJwts {
    /** A JWT's lifetime, whatever the session's. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    /** How far apart the clocks of our nodes may be; a JWT from a node slightly ahead still passes. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    static final String SESSION_CLAIM = "https://stytch.com/session";
    static final String ORGANIZATION_CLAIM = "https://stytch.com/organization";

    /** Registered names both SDKs strip from custom claims; ours to set, never a caller's. */
    static final Set<String> RESERVED_CLAIMS =
            Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", SESSION_CLAIM, ORGANIZATION_CLAIM);

    // Ours are about 1-2 KB; anything far larger is refused before it is parsed.
    private static final int MAX_JWT_CHARS = 32 * 1024;
    private static final java.util.regex.Pattern COMPACT =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    /** Bounds the cache of checked signatures: about 2 KiB of claims each. */
    static final int CHECKED_CACHE_SIZE = 10_000;

    private final SigningKeyService keys;
    private final Clock clock;
    /**
     * Signatures this node has already checked, by project and SHA-256 of the JWT. A client shows
     * the same JWT on every check until it gets another (a session's JWT is reused for a minute),
     * and an RS256 check costs more than the rest of a session check. An entry serves only while
     * its key is still in the project's JWKS; the claims are judged against the clock every time.
     */
    private final Cache<String, CheckedSignature> checked = Caffeine.newBuilder()
            .maximumSize(CHECKED_CACHE_SIZE)
            .expireAfterWrite(LIFETIME.plus(CLOCK_SKEW))
            .build();

    private record CheckedSignature(String kid, Map<String, Object> claims) {}

    public SessionJwts(SigningKeyService keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** {@code iss} of the project's JWTs: accepted by both SDKs whatever their base URL. */
    public static String issuer(String projectId) {
        return "stytch.com/" + projectId;
    }

    /**
     * A JWT for the session, signed with the project's current key, valid for {@link #LIFETIME}
     * from now.
     *
     * @throws ApiException service_unavailable when this node cannot open the project's key
     * @throws IllegalArgumentException when the factors or custom claims cannot be written as JSON
     */
    public String mint(Project project, SessionClaims claims) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", issuer(project.projectId()));
        payload.put("sub", claims.memberId());
        // Always a list: Nimbus' own claims writer would flatten a single audience to a string.
        payload.put("aud", List.of(project.projectId()));
        payload.put("iat", now);
        payload.put("nbf", now);
        payload.put("exp", now + LIFETIME.toSeconds());
        payload.put(SESSION_CLAIM, sessionClaim(claims));
        payload.put(ORGANIZATION_CLAIM, organizationClaim(claims));
        claims.customClaims().forEach((name, value) -> {
            if (!RESERVED_CLAIMS.contains(name)) {
                payload.put(name, value);
            }
        });

        SigningKey key = keys.signingKey(project);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.kid())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(toJson(payload)));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("session JWT could not be signed with " + key.kid(), e);
        }
        return jws.serialize();
    }

    /**
     * Checks a session JWT presented for {@code project}: RS256 with typ JWT, signed by one of the
     * project's published keys, issuer and audience of this project, the claims the SDKs need.
     *
     * @param allowExpired accept a JWT past its {@code exp} (sessions.authenticate does when the
     *     session is still alive); a key that has left the JWKS never verifies
     * @throws ApiException unable_to_parse_session_jwt (malformed, or not RS256/typ JWT/kid),
     *     session_not_found (not signed by a published key of this project, or expired),
     *     jwt_invalid_issuer, jwt_invalid_audience, jwt_invalid_claims
     */
    public VerifiedSessionJwt verify(Project project, String jwt, boolean allowExpired) {
        if (jwt == null || jwt.length() > MAX_JWT_CHARS) {
            throw unparseable();
        }
        String cacheKey = project.projectId() + "/" + Tokens.hash(jwt);
        CheckedSignature seen = checked.getIfPresent(cacheKey);
        if (seen != null && keys.verifier(project, seen.kid()) != null) {
            return new SessionJwtClaims(project.projectId(), seen.claims(), clock.instant())
                    .verified(seen.kid(), allowExpired);
        }
        JWSObject jws = parse(jwt);
        JWSHeader header = jws.getHeader();
        // Only what we mint: this shuts out "none", HS256 keyed with our public key, embedded jwk/jku.
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())
                || header.getType() == null
                || !"JWT".equalsIgnoreCase(header.getType().getType())
                || header.getKeyID() == null) {
            throw unparseable();
        }
        JWSVerifier verifier = keys.verifier(project, header.getKeyID());
        if (verifier == null || !signatureHolds(jws, verifier)) {
            throw notFound("The session JWT was not issued for this project, or its signing key has expired.");
        }
        Map<String, Object> claims = payloadOf(jws);
        checked.put(cacheKey, new CheckedSignature(header.getKeyID(), claims));
        return new SessionJwtClaims(project.projectId(), claims, clock.instant())
                .verified(header.getKeyID(), allowExpired);
    }

    private static Map<String, Object> sessionClaim(SessionClaims c) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("ip_address", c.ipAddress());
        attributes.put("user_agent", c.userAgent());
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", c.sessionId());
        session.put("started_at", Timestamps.format(c.startedAt()));
        session.put("last_accessed_at", Timestamps.format(c.lastAccessedAt()));
        session.put("expires_at", Timestamps.format(c.expiresAt()));
        session.put("attributes", attributes);
        session.put("authentication_factors", c.authenticationFactors());
        session.put("roles", c.roles());
        return session;
    }

    private static Map<String, Object> organizationClaim(SessionClaims c) {
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("organization_id", c.organizationId());
        organization.put("slug", c.organizationSlug());
        return organization;
    }

    private static byte[] toJson(Map<String, Object> payload) {
        try {
            return Json.mapper().writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("session claims cannot be written as JSON", e);
        }
    }

    private static JWSObject parse(String jwt) {
        if (jwt == null || jwt.isBlank() || jwt.length() > MAX_JWT_CHARS) {
            throw unparseable();
        }
        String compact = jwt.strip();
        // Exactly the compact form we mint: three unpadded base64url parts. Nimbus also decodes
        // padding and the standard alphabet, so one JWT would otherwise verify under many spellings.
        if (!COMPACT.matcher(compact).matches()) {
            throw unparseable();
        }
        try {
            return JWSObject.parse(compact);
        } catch (ParseException e) {
            throw unparseable();
        }
    }

    private static boolean signatureHolds(JWSObject jws, JWSVerifier verifier) {
        try {
            return jws.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private static Map<String, Object> payloadOf(JWSObject jws) {
        try {
            Map<String, Object> claims =
                    Json.mapper().readValue(jws.getPayload().toBytes(), JSON_OBJECT);
            if (claims == null) {
                throw unparseable();
            }
            return Collections.unmodifiableMap(claims);
        } catch (IOException e) {
            throw unparseable();
        }
    }

    static ApiException unparseable() {
        return new ApiException(ErrorType.UNABLE_TO_PARSE_SESSION_JWT, "The session JWT could not be parsed.");
    }

    static ApiException notFound(String message) {
        return new ApiException(ErrorType.SESSION_NOT_FOUND, message);
    }
}
