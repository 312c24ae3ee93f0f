package io.latchkey.sdk;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keys and session JWTs the tests control, shaped like the contract's (phase 1, section 7.1). */
final class TestJwts {
    static final String MEMBER_ID = "member-test-00000000-0000-4000-8000-000000000001";
    static final String SESSION_ID = "member-session-test-00000000-0000-4000-8000-000000000002";
    static final String ORG_ID = "organization-test-00000000-0000-4000-8000-000000000003";

    private TestJwts() {}

    static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JWKS route's body for these keys (public parts only), with the contract's envelope. */
    static String jwks(List<RSAKey> keys) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RSAKey k : keys) {
            Map<String, Object> json = new LinkedHashMap<>(k.toPublicJWK().toJSONObject());
            json.put("key_ops", List.of("verify"));
            json.put("x5c", List.of());
            json.put("x5tS256", "");
            out.add(json);
        }
        try {
            return SdkJson.mapper()
                    .writeValueAsString(Map.of("keys", out, "request_id", "request-id-test-jwks", "status_code", 200));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a valid session JWT issued at {@code iat} for {@code projectId}, 5 minutes long. */
    static JWTClaimsSet.Builder claims(String projectId, Instant iat) {
        Map<String, Object> factor = new LinkedHashMap<>();
        factor.put("type", "magic_link");
        factor.put("delivery_method", "email");
        factor.put("last_authenticated_at", iat.toString());
        factor.put("email_factor", Map.of("email_id", "email-test-1", "email_address", "ada@example.com"));
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", SESSION_ID);
        session.put("started_at", iat.toString());
        session.put("last_accessed_at", iat.toString());
        session.put("expires_at", iat.plusSeconds(3600).toString());
        session.put("attributes", Map.of("ip_address", "", "user_agent", ""));
        session.put("authentication_factors", List.of(factor));
        session.put("roles", List.of("stytch_member", "editor"));
        return new JWTClaimsSet.Builder()
                .issuer("stytch.com/" + projectId)
                .audience(List.of(projectId))
                .subject(MEMBER_ID)
                .issueTime(Date.from(iat))
                .notBeforeTime(Date.from(iat))
                .expirationTime(Date.from(iat.plusSeconds(300)))
                .jwtID("jti-1")
                .claim("https://stytch.com/session", session)
                .claim("https://stytch.com/organization", Map.of("organization_id", ORG_ID, "slug", "acme"))
                .claim("plan", "gold")
                .claim("seats", 12);
    }

    static JWSHeader header(RSAKey key) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build();
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, header(key), claims);
    }

    static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
