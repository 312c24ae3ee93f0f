package io.latchkey.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.MemberSession;
import io.latchkey.sdk.LatchkeyJwtException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local verification of Latchkey/Stytch session JWTs (the contract's phase 1, section 7): RS256
 * only, {@code typ} JWT, a key from the project's JWKS by {@code kid}, issuer, audience, expiry,
 * not-before, and an optional maximum age; then the two {@code https://stytch.com/...} claims
 * become a {@link MemberSession}.
 *
 * <p>The algorithm comes from this class, never from the token: {@code none} and HS256 (the
 * "public key as HMAC secret" attack) are refused before any key is touched. Thread-safe.
 */
final class JwtVerifier {
    static final String SESSION_CLAIM = "https://stytch.com/session";
    static final String ORGANIZATION_CLAIM = "https://stytch.com/organization";
    private static final int MAX_CACHED_HEADERS = 64;
    private static final Set<String> NOT_CUSTOM =
            Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", SESSION_CLAIM, ORGANIZATION_CLAIM);

    private final String projectId;
    private final Set<String> issuers;
    private final long toleranceSeconds;
    private final Clock clock;
    private final JwksCache jwks;
    private final ObjectMapper json = SdkJson.mapper();
    private final ConcurrentHashMap<String, JWSHeader> acceptedHeaders = new ConcurrentHashMap<>();

    JwtVerifier(String projectId, String baseUrl, Duration clockTolerance, Clock clock, JwksCache jwks) {
        this.projectId = projectId;
        // Both official SDKs accept these two; the base URL is already without a trailing slash.
        this.issuers = Set.of("stytch.com/" + projectId, baseUrl);
        this.toleranceSeconds = clockTolerance.toSeconds();
        this.clock = clock;
        this.jwks = jwks;
    }

    /** Verifies {@code jwt}; blocks only when the JWKS must be fetched. */
    JwtAuthentication verify(String jwt, Integer maxTokenAgeSeconds) {
        Compact token = parse(jwt);
        return check(token, jwks.key(token.kid()), maxTokenAgeSeconds, jwt);
    }

    CompletableFuture<JwtAuthentication> verifyAsync(String jwt, Integer maxTokenAgeSeconds) {
        try {
            Compact token = parse(jwt);
            return jwks.keyAsync(token.kid()).thenApply(v -> check(token, v, maxTokenAgeSeconds, jwt));
        } catch (LatchkeyJwtException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A compact JWS split into its parts, with the header parsed. The payload stays encoded until
     * the signature has verified. Parts are decoded with the JDK's Base64: Nimbus's own decoder is
     * constant-time, which only secrets need, and cost a fifth of a verification.
     */
    private record Compact(JWSHeader header, byte[] signingInput, String signature, String payload) {
        String kid() {
            return header.getKeyID();
        }
    }

    private Compact parse(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            throw new LatchkeyJwtException(Reason.MALFORMED, "no JWT given");
        }
        int first = jwt.indexOf('.');
        int second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || jwt.indexOf('.', second + 1) >= 0) {
            throw new LatchkeyJwtException(Reason.MALFORMED, "not a compact JWS (three dot-separated parts)");
        }
        String encodedHeader = jwt.substring(0, first);
        JWSHeader header = acceptedHeaders.get(encodedHeader);
        if (header == null) {
            header = acceptableHeader(encodedHeader);
            // Every JWT one key signs has the same header, so a handful of entries serve all traffic;
            // the bound keeps made-up headers from growing the map.
            if (acceptedHeaders.size() < MAX_CACHED_HEADERS) {
                acceptedHeaders.put(encodedHeader, header);
            }
        }
        if (second == jwt.length() - 1) {
            throw new LatchkeyJwtException(Reason.MALFORMED, "no signature");
        }
        return new Compact(
                header,
                jwt.substring(0, second).getBytes(StandardCharsets.US_ASCII),
                jwt.substring(second + 1),
                jwt.substring(first + 1, second));
    }

    /** The header, if it is one this verifier accepts: RS256, typ JWT, a kid, no crit. */
    private static JWSHeader acceptableHeader(String encodedHeader) {
        Header parsed;
        try {
            parsed = Header.parse(new Base64URL(encodedHeader));
        } catch (ParseException e) {
            throw new LatchkeyJwtException(Reason.MALFORMED, "header unreadable: " + e.getMessage(), e);
        }
        if (!(parsed instanceof JWSHeader header)) {
            // An unsecured ("alg": "none") or encrypted JWT.
            throw new LatchkeyJwtException(
                    Reason.UNSUPPORTED_ALGORITHM, "alg " + parsed.getAlgorithm() + " is not RS256");
        }
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new LatchkeyJwtException(
                    Reason.UNSUPPORTED_ALGORITHM, "alg " + header.getAlgorithm() + " is not RS256");
        }
        JOSEObjectType typ = header.getType();
        if (typ == null
                || !(typ.getType().equalsIgnoreCase("JWT") || typ.getType().equalsIgnoreCase("application/jwt"))) {
            throw new LatchkeyJwtException(Reason.UNSUPPORTED_ALGORITHM, "typ " + typ + " is not JWT");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            // RFC 7515 4.1.11: extensions we do not implement (e.g. an unencoded payload) must fail.
            throw new LatchkeyJwtException(Reason.MALFORMED, "crit " + header.getCriticalParams() + " not understood");
        }
        if (header.getKeyID() == null || header.getKeyID().isEmpty()) {
            throw new LatchkeyJwtException(Reason.MALFORMED, "no kid in the header");
        }
        return header;
    }

    private JwtAuthentication check(Compact token, RSAPublicKey key, Integer maxAge, String jwt) {
        boolean valid;
        try {
            // The algorithm is ours, not the token's: RS256 is all a session JWT may be.
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update(token.signingInput());
            valid = rs256.verify(Base64.getUrlDecoder().decode(token.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new LatchkeyJwtException(Reason.INVALID_SIGNATURE, "signature not verifiable: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new LatchkeyJwtException(Reason.INVALID_SIGNATURE, "signature does not verify");
        }
        JsonNode claims;
        try {
            claims = json.readTree(Base64.getUrlDecoder().decode(token.payload()));
        } catch (IOException | IllegalArgumentException e) {
            throw new LatchkeyJwtException(Reason.MALFORMED, "payload is not base64url JSON", e);
        }
        if (claims == null || !claims.isObject()) {
            throw new LatchkeyJwtException(Reason.MALFORMED, "payload is not a JSON object");
        }
        checkIssuerAndAudience(claims);
        checkTimes(claims, maxAge);
        return session(claims, jwt);
    }

    private void checkIssuerAndAudience(JsonNode claims) {
        JsonNode iss = claims.get("iss");
        if (iss == null || !iss.isTextual() || !issuers.contains(iss.asText())) {
            throw new LatchkeyJwtException(Reason.INVALID_ISSUER, "iss " + iss + " is not this project's");
        }
        JsonNode aud = claims.get("aud");
        boolean ours = false;
        if (aud != null && aud.isTextual()) {
            ours = aud.asText().equals(projectId);
        } else if (aud != null && aud.isArray()) {
            for (JsonNode a : aud) {
                ours |= a.isTextual() && a.asText().equals(projectId);
            }
        }
        if (!ours) {
            throw new LatchkeyJwtException(Reason.INVALID_AUDIENCE, "aud " + aud + " does not name this project");
        }
    }

    private void checkTimes(JsonNode claims, Integer maxAge) {
        long now = clock.instant().getEpochSecond();
        Long exp = seconds(claims, "exp", true);
        Long nbf = seconds(claims, "nbf", false);
        Long iat = seconds(claims, "iat", maxAge != null);
        if (now >= exp + toleranceSeconds) {
            throw new LatchkeyJwtException(Reason.EXPIRED, "expired " + (now - exp) + " s ago");
        }
        if (nbf != null && nbf > now + toleranceSeconds) {
            throw new LatchkeyJwtException(Reason.NOT_YET_VALID, "nbf is " + (nbf - now) + " s ahead");
        }
        if (iat != null && iat > now + toleranceSeconds) {
            throw new LatchkeyJwtException(Reason.NOT_YET_VALID, "iat is " + (iat - now) + " s ahead");
        }
        if (maxAge != null && now - iat > maxAge + toleranceSeconds) {
            throw new LatchkeyJwtException(
                    Reason.TOO_OLD, "issued " + (now - iat) + " s ago, more than " + maxAge + " s");
        }
    }

    private static Long seconds(JsonNode claims, String name, boolean required) {
        JsonNode v = claims.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw new LatchkeyJwtException(Reason.INVALID_CLAIMS, name + " is missing");
            }
            return null;
        }
        if (!v.isNumber()) {
            throw new LatchkeyJwtException(Reason.INVALID_CLAIMS, name + " is not a number");
        }
        return v.asLong();
    }

    private JwtAuthentication session(JsonNode claims, String jwt) {
        String memberId = text(claims, "sub");
        JsonNode session = object(claims, SESSION_CLAIM);
        JsonNode organization = object(claims, ORGANIZATION_CLAIM);
        JsonNode factorsNode = session.get("authentication_factors");
        if (factorsNode == null || !factorsNode.isArray()) {
            throw new LatchkeyJwtException(Reason.INVALID_CLAIMS, "authentication_factors is missing");
        }
        List<AuthenticationFactor> factors;
        List<String> roles = new ArrayList<>();
        try {
            factors = List.of(json.treeToValue(factorsNode, AuthenticationFactor[].class));
            JsonNode rolesNode = session.get("roles");
            if (rolesNode != null && rolesNode.isArray()) {
                rolesNode.forEach(r -> roles.add(r.asText()));
            }
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new LatchkeyJwtException(Reason.INVALID_CLAIMS, "authentication_factors unreadable", e);
        }
        Map<String, Object> custom = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : claims.properties()) {
            if (!NOT_CUSTOM.contains(e.getKey())) {
                custom.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
            }
        }
        Map<String, Object> customClaims = Collections.unmodifiableMap(custom);
        MemberSession memberSession = new MemberSession(
                text(session, "id"),
                memberId,
                text(session, "started_at"),
                text(session, "last_accessed_at"),
                text(session, "expires_at"),
                factors,
                text(organization, "organization_id"),
                List.copyOf(roles),
                text(organization, "slug"),
                customClaims);
        return new JwtAuthentication(memberSession, customClaims, jwt, JwtAuthentication.Verification.LOCAL, null);
    }

    private static JsonNode object(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isObject()) {
            throw new LatchkeyJwtException(Reason.INVALID_CLAIMS, name + " is missing");
        }
        return v;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw new LatchkeyJwtException(Reason.INVALID_CLAIMS, name + " is missing");
        }
        return v.asText();
    }
}
