package io.latchkey.server.session;

import static io.latchkey.server.session.SessionFixtures.assertRefused;
import static io.latchkey.server.session.SessionFixtures.claims;
import static io.latchkey.server.session.SessionFixtures.kidOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.Project;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionJwtsTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static Project project;
    static SessionJwts jwts;

    @BeforeAll
    static void start() {
        project = server.project();
        jwts = server.app().sessionJwts();
    }

    static Instant now() {
        return server.clock().instant();
    }

    static JsonNode part(String jwt, int index) throws Exception {
        return MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A JWT with our real header and signing key but a payload of the test's choosing. */
    static String signedByOurKey(Map<String, Object> payload) throws Exception {
        ProjectKeys.SigningKey key = server.app().signingKeys().signingKey(project);
        return sign(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.kid())
                        .build(),
                payload,
                key.signer());
    }

    static String sign(JWSHeader header, Map<String, Object> payload, JWSSigner signer) throws Exception {
        JWSObject jws = new JWSObject(header, new Payload(MAPPER.writeValueAsString(payload)));
        jws.sign(signer);
        return jws.serialize();
    }

    /** The payload our minter would write, as a mutable map. */
    static Map<String, Object> payloadOf(String jwt) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.convertValue(part(jwt, 1), LinkedHashMap.class);
        return map;
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mintThenVerifyReturnsTheSessionsClaims() {
        String jwt = jwts.mint(project, claims(now()));

        VerifiedSessionJwt verified = jwts.verify(project, jwt, false);

        assertThat(verified.kid()).isEqualTo(kidOf(jwt));
        assertThat(verified.sessionId()).isEqualTo(SessionFixtures.SESSION_ID);
        assertThat(verified.memberId()).isEqualTo(SessionFixtures.MEMBER_ID);
        assertThat(verified.organizationId()).isEqualTo(SessionFixtures.ORGANIZATION_ID);
        assertThat(verified.organizationSlug()).isEqualTo(SessionFixtures.SLUG);
        assertThat(verified.roles()).containsExactly("stytch_member", "editor");
        assertThat(verified.issuedAt()).isEqualTo(Instant.ofEpochSecond(now().getEpochSecond()));
        assertThat(verified.expiresAt()).isEqualTo(verified.issuedAt().plus(SessionJwts.LIFETIME));
        assertThat(verified.expired()).isFalse();
        assertThat(verified.customClaims()).containsExactly(Map.entry("plan", "pro"));
    }

    @Test
    void mintedJwtHasExactlyTheContractLayout() throws Exception {
        Instant now = now();
        String jwt = jwts.mint(project, claims(now, Map.of("plan", "pro", "seats", 12)));

        JsonNode header = part(jwt, 0);
        assertThat(names(header)).containsExactlyInAnyOrder("alg", "typ", "kid");
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.path("kid").asText()).startsWith("jwk-test-");

        JsonNode payload = part(jwt, 1);
        String sessionClaim = "https://stytch.com/session";
        String organizationClaim = "https://stytch.com/organization";
        assertThat(names(payload))
                .containsExactlyInAnyOrder(
                        "iss", "sub", "aud", "iat", "nbf", "exp", sessionClaim, organizationClaim, "plan", "seats");
        assertThat(payload.path("iss").asText()).isEqualTo("stytch.com/" + project.projectId());
        assertThat(payload.path("sub").asText()).isEqualTo(SessionFixtures.MEMBER_ID);
        assertThat(payload.path("aud").isArray()).isTrue();
        assertThat(payload.path("aud")).hasSize(1);
        assertThat(payload.path("aud").get(0).asText()).isEqualTo(project.projectId());
        assertThat(payload.path("iat").isIntegralNumber()).isTrue();
        assertThat(payload.path("iat").asLong()).isEqualTo(now.getEpochSecond());
        assertThat(payload.path("nbf").asLong()).isEqualTo(now.getEpochSecond());
        assertThat(payload.path("exp").asLong()).isEqualTo(now.getEpochSecond() + 300);
        assertThat(payload.path("plan").asText()).isEqualTo("pro");
        assertThat(payload.path("seats").asInt()).isEqualTo(12);

        JsonNode session = payload.path(sessionClaim);
        assertThat(names(session))
                .containsExactlyInAnyOrder(
                        "id",
                        "started_at",
                        "last_accessed_at",
                        "expires_at",
                        "attributes",
                        "authentication_factors",
                        "roles");
        assertThat(session.path("id").asText()).isEqualTo(SessionFixtures.SESSION_ID);
        // The Java SDK reads these with Instant.parse: RFC 3339 in UTC with a Z.
        for (String field : List.of("started_at", "last_accessed_at", "expires_at")) {
            assertThat(session.path(field).asText()).endsWith("Z");
            Instant.parse(session.path(field).asText());
        }
        assertThat(Instant.parse(session.path("expires_at").asText())).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(names(session.path("attributes"))).containsExactly("ip_address", "user_agent");
        assertThat(session.path("attributes").path("ip_address").asText()).isEqualTo("203.0.113.7");
        assertThat(session.path("attributes").path("user_agent").asText()).isEqualTo("Mozilla/5.0");
        JsonNode factor = session.path("authentication_factors").get(0);
        assertThat(session.path("authentication_factors")).hasSize(1);
        assertThat(factor.path("type").asText()).isEqualTo("magic_link");
        assertThat(factor.path("delivery_method").asText()).isEqualTo("email");
        assertThat(factor.path("email_factor").path("email_address").asText()).isEqualTo(SessionFixtures.EMAIL);
        assertThat(factor.path("email_factor").path("email_id").asText()).startsWith("email-test-");
        Instant.parse(factor.path("last_authenticated_at").asText());
        assertThat(session.path("roles").get(0).asText()).isEqualTo("stytch_member");
        assertThat(session.path("roles").get(1).asText()).isEqualTo("editor");

        JsonNode organization = payload.path(organizationClaim);
        assertThat(names(organization)).containsExactlyInAnyOrder("organization_id", "slug");
        assertThat(organization.path("organization_id").asText()).isEqualTo(SessionFixtures.ORGANIZATION_ID);
        assertThat(organization.path("slug").asText()).isEqualTo(SessionFixtures.SLUG);
    }

    @Test
    void mintedJwtVerifiesAgainstThePublicJwksTheWayJoseDoes() throws Exception {
        String jwt = jwts.mint(project, claims(now()));

        JWTClaimsSet verified = JoseStyleVerifier.verify(server.baseUrl(), project.projectId(), jwt);

        assertThat(verified.getSubject()).isEqualTo(SessionFixtures.MEMBER_ID);
        assertThat(verified.getAudience()).containsExactly(project.projectId());
        assertThat(verified.getIssuer()).isEqualTo("stytch.com/" + project.projectId());
    }

    @Test
    void customClaimsNeverOverrideReservedOnes() throws Exception {
        Map<String, Object> custom = new LinkedHashMap<>();
        for (String name : List.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti")) {
            custom.put(name, "forged");
        }
        custom.put("https://stytch.com/session", Map.of("id", "forged"));
        custom.put("https://stytch.com/organization", Map.of("organization_id", "forged"));
        custom.put("plan", "pro");

        String jwt = jwts.mint(project, claims(now(), custom));

        JsonNode payload = part(jwt, 1);
        assertThat(payload.has("jti")).isFalse();
        assertThat(payload.path("iss").asText()).isEqualTo("stytch.com/" + project.projectId());
        assertThat(payload.path("sub").asText()).isEqualTo(SessionFixtures.MEMBER_ID);
        assertThat(payload.path("exp").isIntegralNumber()).isTrue();
        assertThat(payload.path("https://stytch.com/session").path("id").asText())
                .isEqualTo(SessionFixtures.SESSION_ID);
        assertThat(payload.toString()).doesNotContain("forged");
        assertThat(jwts.verify(project, jwt, false).customClaims()).containsOnlyKeys("plan");
    }

    @Test
    void algNoneIsRejected() throws Exception {
        String jwt = jwts.mint(project, claims(now()));
        String kid = kidOf(jwt);
        String payload = jwt.split("\\.")[1];
        for (String alg : List.of("none", "None", "NONE")) {
            String unsigned =
                    b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." + payload + ".";
            assertRefused(() -> jwts.verify(project, unsigned, true), ErrorType.UNABLE_TO_PARSE_SESSION_JWT, unsigned);
        }
    }

    @Test
    void hs256KeyedWithThePublicKeyIsRejected() throws Exception {
        String jwt = jwts.mint(project, claims(now()));
        String kid = kidOf(jwt);
        RSAKey publicKey = (RSAKey) JoseStyleVerifier.fetchJwks(server.baseUrl(), project.projectId())
                .getKeyByKeyId(kid);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(publicKey.toPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        List<byte[]> secrets = List.of(
                pem.getBytes(StandardCharsets.US_ASCII),
                publicKey.toPublicKey().getEncoded(),
                publicKey.toJSONString().getBytes(StandardCharsets.UTF_8),
                publicKey.getModulus().decode());
        for (byte[] secret : secrets) {
            String forged = sign(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .type(JOSEObjectType.JWT)
                            .keyID(kid)
                            .build(),
                    payloadOf(jwt),
                    new MACSigner(secret));
            assertRefused(() -> jwts.verify(project, forged, true), ErrorType.UNABLE_TO_PARSE_SESSION_JWT, forged);
        }
    }

    @Test
    void jwtSignedByAnotherProjectsKeyIsRejected() throws Exception {
        NewProject other = server.newProject("Other");
        String theirs = jwts.mint(other.project(), claims(now()));
        assertRefused(() -> jwts.verify(project, theirs, true), ErrorType.SESSION_NOT_FOUND, theirs);

        // Their key, our issuer and audience, and our kid in the header: still not ours.
        ProjectKeys.SigningKey theirKey = server.app().signingKeys().signingKey(other.project());
        String ours = jwts.mint(project, claims(now()));
        for (String kid : List.of(theirKey.kid(), kidOf(ours))) {
            String forged = sign(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .type(JOSEObjectType.JWT)
                            .keyID(kid)
                            .build(),
                    payloadOf(ours),
                    theirKey.signer());
            assertRefused(() -> jwts.verify(project, forged, true), ErrorType.SESSION_NOT_FOUND, forged);
        }
    }

    @Test
    void tamperedJwtIsRejected() throws Exception {
        String jwt = jwts.mint(project, claims(now()));
        String[] parts = jwt.split("\\.");
        Map<String, Object> payload = payloadOf(jwt);
        payload.put("sub", "member-test-00000000-0000-4000-8000-000000000000");
        String otherMember = parts[0] + "." + b64(MAPPER.writeValueAsString(payload)) + "." + parts[2];
        assertRefused(() -> jwts.verify(project, otherMember, true), ErrorType.SESSION_NOT_FOUND, otherMember);

        byte[] signature = Base64URL.from(parts[2]).decode();
        signature[10] ^= 1;
        String flippedBit = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
        assertRefused(() -> jwts.verify(project, flippedBit, true), ErrorType.SESSION_NOT_FOUND, flippedBit);

        // No signature at all is not even a JWS.
        String noSignature = parts[0] + "." + parts[1] + ".";
        assertRefused(
                () -> jwts.verify(project, noSignature, true), ErrorType.UNABLE_TO_PARSE_SESSION_JWT, noSignature);
    }

    @Test
    void expiredJwtIsRejectedUnlessExpiryIsAllowed() {
        String jwt = jwts.mint(project, claims(now()));
        server.clock().advance(SessionJwts.LIFETIME);

        assertRefused(() -> jwts.verify(project, jwt, false), ErrorType.SESSION_NOT_FOUND, jwt);
        VerifiedSessionJwt allowed = jwts.verify(project, jwt, true);
        assertThat(allowed.expired()).isTrue();
        assertThat(allowed.sessionId()).isEqualTo(SessionFixtures.SESSION_ID);
    }

    @Test
    void malformedJwtsCannotBeParsed() {
        for (String jwt : new String[] {"", "   ", "abc", "a.b.c", "a.b", "eyJ.eyJ.", "x".repeat(40_000), null}) {
            assertRefused(() -> jwts.verify(project, jwt, true), ErrorType.UNABLE_TO_PARSE_SESSION_JWT, jwt);
        }
    }

    @Test
    void aGenuineJwtIsAcceptedOnlyInItsOwnCompactSpelling() {
        String jwt = jwts.mint(project, claims(now()));
        String standardAlphabet = jwt.replace('-', '+').replace('_', '/');
        for (String respelled : List.of(
                jwt + "=",
                jwt + "==",
                jwt.replaceFirst("\\.", "=."),
                standardAlphabet + "/+",
                jwt + ".",
                jwt.replace(".", ". "))) {
            assertRefused(
                    () -> jwts.verify(project, respelled, true), ErrorType.UNABLE_TO_PARSE_SESSION_JWT, respelled);
        }
        assertThat(jwts.verify(project, " " + jwt + "\n", true).sessionId()).isEqualTo(SessionFixtures.SESSION_ID);
    }

    @Test
    void jwtWithoutTypOrKidIsRejected() throws Exception {
        ProjectKeys.SigningKey key = server.app().signingKeys().signingKey(project);
        Map<String, Object> payload = payloadOf(jwts.mint(project, claims(now())));
        String noTyp =
                sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).build(), payload, key.signer());
        String otherTyp = sign(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(new JOSEObjectType("at+jwt"))
                        .keyID(key.kid())
                        .build(),
                payload,
                key.signer());
        String noKid = sign(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                payload,
                key.signer());
        for (String jwt : List.of(noTyp, otherTyp, noKid)) {
            assertRefused(() -> jwts.verify(project, jwt, true), ErrorType.UNABLE_TO_PARSE_SESSION_JWT, jwt);
        }
    }

    @Test
    void wellSignedJwtWithTheWrongIssuerAudienceOrClaimsIsRefused() throws Exception {
        Map<String, Object> good = payloadOf(jwts.mint(project, claims(now())));

        Map<String, Object> issuer = new LinkedHashMap<>(good);
        issuer.put("iss", "stytch.com/" + project.projectId() + "/");
        assertRefused(() -> jwts.verify(project, signedByOurKey(issuer), true), ErrorType.JWT_INVALID_ISSUER, null);

        Map<String, Object> audience = new LinkedHashMap<>(good);
        audience.put("aud", List.of("project-test-00000000-0000-4000-8000-000000000000"));
        assertRefused(() -> jwts.verify(project, signedByOurKey(audience), true), ErrorType.JWT_INVALID_AUDIENCE, null);

        Map<String, Object> plainAudience = new LinkedHashMap<>(good);
        plainAudience.put("aud", project.projectId());
        assertThat(jwts.verify(project, signedByOurKey(plainAudience), false).memberId())
                .isEqualTo(SessionFixtures.MEMBER_ID);

        for (String claim :
                List.of("sub", "exp", "iat", "https://stytch.com/session", "https://stytch.com/organization")) {
            Map<String, Object> missing = new LinkedHashMap<>(good);
            missing.remove(claim);
            assertRefused(
                    () -> jwts.verify(project, signedByOurKey(missing), true), ErrorType.JWT_INVALID_CLAIMS, null);
        }

        Map<String, Object> future = new LinkedHashMap<>(good);
        future.put("nbf", now().plus(Duration.ofMinutes(10)).getEpochSecond());
        assertRefused(() -> jwts.verify(project, signedByOurKey(future), true), ErrorType.JWT_INVALID_CLAIMS, null);

        Map<String, Object> textualExpiry = new LinkedHashMap<>(good);
        textualExpiry.put("exp", "tomorrow");
        assertRefused(
                () -> jwts.verify(project, signedByOurKey(textualExpiry), true), ErrorType.JWT_INVALID_CLAIMS, null);
    }
}
