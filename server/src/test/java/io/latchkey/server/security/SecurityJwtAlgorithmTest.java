package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.RawRequest;
import io.latchkey.server.testing.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * sessions.authenticate accepts only the JWTs the server signed (RS256, typ JWT, a published
 * kid of the calling project). Forgeries that have fooled JWT libraries are refused: alg none in
 * any spelling, HS256 keyed with the public key in every form an attacker could take from the
 * JWKS, other algorithms, an attacker's key under our kid or embedded in the header or named by
 * URL, a payload swapped under a genuine signature, and truncated tokens.
 */
class SecurityJwtAlgorithmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Set<String> REFUSALS = Set.of(
            "unable_to_parse_session_jwt",
            "session_not_found",
            "jwt_invalid_issuer",
            "jwt_invalid_audience",
            "jwt_invalid_claims");

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static String jwt;
    static String otherSessionJwt;
    static RSAKey published;

    @BeforeAll
    static void start() throws Exception {
        api = server.client();
        LoginFlow flow = new LoginFlow(server);
        String orgId =
                flow.organizationAllowing("jwt.test").path("organization_id").asText();
        jwt = flow.signUpAndAuthenticate(orgId, LoginFlow.unique("a") + "@jwt.test")
                .text("session_jwt");
        otherSessionJwt = flow.signUpAndAuthenticate(orgId, LoginFlow.unique("b") + "@jwt.test")
                .text("session_jwt");
        JsonNode jwks = api.as(null, null)
                .get("/v1/b2b/sessions/jwks/" + server.projectId())
                .body();
        published = RSAKey.parse(jwks.path("keys").get(0).toString());
    }

    private static String[] parts(String token) {
        return token.split("\\.");
    }

    private static String kid() {
        try {
            return JWSObject.parse(jwt).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static String header(Object... keysAndValues) throws Exception {
        Map<String, Object> h = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            h.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return B64.encodeToString(JSON.writeValueAsBytes(h));
    }

    private static String hmac(String signingInput, byte[] key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void assertRefused(String label, String forged) {
        ApiResponse r = api.post("/v1/b2b/sessions/authenticate", json("session_jwt", forged));
        assertThat(r.status()).as("%s: %s", label, r).isBetween(400, 499);
        assertThat(REFUSALS).as("%s: %s", label, r).contains(r.errorType());
        RawRequest asked =
                RawRequest.of("POST", "/v1/b2b/sessions/authenticate").withBody(forged);
        RawRequest.Answer answer = new RawRequest.Answer(
                r.status(),
                Map.of(
                        "cache-control",
                                List.of(r.headers().firstValue("Cache-Control").orElse("")),
                        "x-content-type-options",
                                List.of(r.headers()
                                        .firstValue("X-Content-Type-Options")
                                        .orElse("")),
                        "content-type",
                                List.of(r.headers().firstValue("Content-Type").orElse(""))),
                r.rawBody(),
                null);
        assertThat(ContractErrors.problems(asked, answer, List.of(server.secret())))
                .as(label)
                .isEmpty();
    }

    @Test
    void theGenuineJwtAuthenticates() {
        assertThat(api.post("/v1/b2b/sessions/authenticate", json("session_jwt", jwt))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void algNoneIsRefusedInEverySpelling() throws Exception {
        String payload = parts(jwt)[1];
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String h = header("alg", alg, "typ", "JWT", "kid", kid());
            assertRefused("alg " + alg + " without signature", h + "." + payload + ".");
            assertRefused("alg " + alg + " with the original signature", h + "." + payload + "." + parts(jwt)[2]);
        }
        assertRefused("alg missing", header("typ", "JWT", "kid", kid()) + "." + payload + ".");
    }

    @Test
    void hs256KeyedWithThePublicKeyIsRefusedWhateverFormTheKeyTakes() throws Exception {
        RSAPublicKey key = published.toRSAPublicKey();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("X.509 DER", key.getEncoded());
        forms.put("PEM", pem.getBytes(StandardCharsets.US_ASCII));
        forms.put("PEM without the final newline", pem.strip().getBytes(StandardCharsets.US_ASCII));
        forms.put("JWK JSON", published.toJSONString().getBytes(StandardCharsets.UTF_8));
        forms.put("modulus bytes", key.getModulus().toByteArray());
        forms.put("n as text", published.getModulus().toString().getBytes(StandardCharsets.US_ASCII));
        for (String alg : List.of("HS256", "HS384", "HS512")) {
            String signingInput = header("alg", alg, "typ", "JWT", "kid", kid()) + "." + parts(jwt)[1];
            for (Map.Entry<String, byte[]> form : forms.entrySet()) {
                assertRefused(
                        alg + " keyed with the " + form.getKey(),
                        signingInput + "." + hmac(signingInput, form.getValue()));
            }
        }
    }

    @Test
    void anAttackersKeyIsRefusedUnderOurKidEmbeddedOrByUrlAndInOtherAlgorithms() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(kid()).generate();
        Payload payload = JWSObject.parse(jwt).getPayload();
        List<JWSHeader> headers = new ArrayList<>(List.of(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(kid())
                        .build(),
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(kid())
                        .jwk(attacker.toPublicJWK())
                        .build(),
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .jwkURL(URI.create("https://evil.example/jwks.json"))
                        .build(),
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(kid())
                        .x509CertURL(URI.create("https://evil.example/cert.pem"))
                        .build(),
                new JWSHeader.Builder(JWSAlgorithm.RS512)
                        .type(JOSEObjectType.JWT)
                        .keyID(kid())
                        .build(),
                new JWSHeader.Builder(JWSAlgorithm.PS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(kid())
                        .build(),
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID("jwk-test-00000000-0000-4000-8000-000000000000")
                        .build(),
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID("../../etc/passwd")
                        .build()));
        for (JWSHeader h : headers) {
            JWSObject forged = new JWSObject(h, payload);
            forged.sign(new RSASSASigner(attacker));
            assertRefused(
                    "attacker key, header " + h.toJSONObject().keySet() + " alg " + h.getAlgorithm(),
                    forged.serialize());
        }
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID(kid()).generate();
        JWSObject es = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(JOSEObjectType.JWT)
                        .keyID(kid())
                        .build(),
                payload);
        es.sign(new ECDSASigner(ec));
        assertRefused("ES256 with an attacker's EC key", es.serialize());
    }

    @Test
    void aGenuineSignatureDoesNotCarryAnotherPayloadOrHeader() throws Exception {
        String[] p = parts(jwt);
        assertRefused(
                "another session's payload under this signature", p[0] + "." + parts(otherSessionJwt)[1] + "." + p[2]);
        ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(p[1]));
        claims.put("sub", "member-test-00000000-0000-4000-8000-000000000000");
        assertRefused(
                "an edited subject", p[0] + "." + B64.encodeToString(JSON.writeValueAsBytes(claims)) + "." + p[2]);
        claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(p[1]));
        claims.put("exp", claims.path("exp").asLong() + 86_400 * 365);
        assertRefused(
                "an extended expiry", p[0] + "." + B64.encodeToString(JSON.writeValueAsBytes(claims)) + "." + p[2]);
        assertRefused(
                "the header re-encoded with a crit extension",
                header("alg", "RS256", "typ", "JWT", "kid", kid(), "crit", List.of("exp"), "exp", 1) + "." + p[1] + "."
                        + p[2]);
        assertRefused("typ changed", header("alg", "RS256", "typ", "at+jwt", "kid", kid()) + "." + p[1] + "." + p[2]);
    }

    @Test
    void truncatedAndMalformedTokensAreRefused() {
        String[] p = parts(jwt);
        for (String forged : List.of(
                p[0] + "." + p[1],
                p[0] + "." + p[1] + ".",
                p[0] + ".." + p[2],
                "." + p[1] + "." + p[2],
                p[0] + "." + p[1] + "." + p[2] + ".x",
                p[0] + "." + p[1] + "." + p[2].substring(0, p[2].length() - 2),
                jwt + "=",
                " " + jwt + "x",
                "e30.e30.",
                "a.b.c",
                "....",
                jwt.replace('-', '+').replace('_', '/'))) {
            assertRefused("malformed " + forged.length(), forged);
        }
    }
}
