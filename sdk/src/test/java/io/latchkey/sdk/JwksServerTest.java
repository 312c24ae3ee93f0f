package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.EmailFactor;
import io.latchkey.api.session.GetJwksResponse;
import io.latchkey.api.session.Jwk;
import io.latchkey.sdk.LatchkeyJwtException.Reason;
import io.latchkey.server.session.SessionClaims;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Local verification of JWTs the real server mints, against the real server's JWKS, including a
 * key rotation done by the server. The SDK shares the server's test clock, so no test sleeps.
 */
@Tag("server")
class JwksServerTest {
    @RegisterExtension
    final TestServer server = TestServer.perTest();

    private B2BClient client;

    @BeforeEach
    void start() {
        client = B2BClient.builder(server.projectId(), server.secret())
                .baseUrl(server.baseUrl())
                .clock(server.clock())
                .build();
    }

    private String mint(Map<String, Object> customClaims) {
        Instant now = server.clock().instant();
        String at = now.toString();
        AuthenticationFactor factor = new AuthenticationFactor(
                "magic_link", "email", at, at, at, new EmailFactor("email-test-1", "ada@acme.test"), null, null, null);
        SessionClaims claims = new SessionClaims(
                TestJwts.SESSION_ID,
                TestJwts.MEMBER_ID,
                TestJwts.ORG_ID,
                "acme",
                now.minusSeconds(60),
                now,
                now.plus(Duration.ofHours(1)),
                "",
                "",
                List.of(factor),
                List.of("stytch_member"),
                customClaims);
        return server.app().sessionJwts().mint(server.project(), claims);
    }

    @Test
    void jwksReturnsThePublishedKeysWithoutCredentials() {
        mint(Map.of());
        GetJwksResponse jwks = B2BClient.create(server.projectId(), "secret-test-not-needed", server.baseUrl())
                .sessions()
                .jwks();

        assertThat(jwks.keys()).isNotEmpty();
        Jwk key = jwks.keys().get(0);
        assertThat(key.kty()).isEqualTo("RSA");
        assertThat(key.alg()).isEqualTo("RS256");
        assertThat(key.use()).isEqualTo("sig");
        assertThat(key.keyOps()).containsExactly("verify");
        assertThat(key.kid()).startsWith("jwk-test-");
        assertThat(key.n()).isNotBlank();
        assertThat(key.e()).isEqualTo("AQAB");
        assertThat(jwks.requestId()).isNotBlank();
    }

    @Test
    void authenticateJwtLocalAcceptsWhatTheServerMints() {
        String jwt = mint(Map.of("plan", "pro", "seats", 3));

        JwtAuthentication result = client.sessions().authenticateJwtLocal(jwt, 60);

        assertThat(result.verifiedLocally()).isTrue();
        assertThat(result.memberSession().memberId()).isEqualTo(TestJwts.MEMBER_ID);
        assertThat(result.memberSession().memberSessionId()).isEqualTo(TestJwts.SESSION_ID);
        assertThat(result.memberSession().organizationId()).isEqualTo(TestJwts.ORG_ID);
        assertThat(result.memberSession().organizationSlug()).isEqualTo("acme");
        assertThat(result.memberSession().roles()).containsExactly("stytch_member");
        assertThat(result.memberSession().authenticationFactors())
                .extracting(AuthenticationFactor::type)
                .containsExactly("magic_link");
        assertThat(result.customClaims()).containsOnlyKeys("plan", "seats");
    }

    @Test
    void authenticateJwtLocalFollowsAKeyRotationWithoutARestart() {
        String before = mint(Map.of());
        client.sessions().authenticateJwtLocal(before);

        server.app().signingKeys().rotate(server.projectId());
        server.clock().advance(Duration.ofSeconds(31));
        String after = mint(Map.of());
        assertThat(kid(after)).isNotEqualTo(kid(before));

        assertThat(client.sessions().authenticateJwtLocal(after).verifiedLocally())
                .isTrue();
        // The retired key stays published until its JWTs have expired.
        assertThat(client.sessions().authenticateJwtLocal(before).verifiedLocally())
                .isTrue();
    }

    @Test
    void authenticateJwtLocalRefusesForgeriesMadeFromTheRealPublicKey() throws Exception {
        String genuine = mint(Map.of());
        client.sessions().authenticateJwtLocal(genuine);
        RSAKey publicKey = RSAKey.parse(SdkJson.mapper()
                .writeValueAsString(client.sessions().jwks().keys().get(0))
                .replace("\"key_ops\"", "\"key_ops_ignored\"")
                .replace("\"x5c\":[]", "\"x5c_ignored\":[]"));
        String[] parts = genuine.split("\\.");

        JWSHeader hs256 = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(JOSEObjectType.JWT)
                .keyID(kid(genuine))
                .build();
        SignedJWT hmac = new SignedJWT(hs256, SignedJWT.parse(genuine).getJWTClaimsSet());
        hmac.sign(new MACSigner(publicKey.toPublicKey().getEncoded()));
        String none = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + kid(genuine) + "\"}")
                                .getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";

        assertThatThrownBy(() -> client.sessions().authenticateJwtLocal(hmac.serialize()))
                .isInstanceOfSatisfying(
                        LatchkeyJwtException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM));
        assertThatThrownBy(() -> client.sessions().authenticateJwtLocal(none))
                .isInstanceOfSatisfying(
                        LatchkeyJwtException.class,
                        e -> assertThat(e.reason()).isIn(Reason.UNSUPPORTED_ALGORITHM, Reason.MALFORMED));
    }

    @Test
    void authenticateJwtLocalWhenTheServerClockMovedPastExpiryThenExpired() {
        String jwt = mint(Map.of());
        server.clock().advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> client.sessions().authenticateJwtLocal(jwt))
                .isInstanceOfSatisfying(
                        LatchkeyJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    private static String kid(String jwt) {
        try {
            return SignedJWT.parse(jwt).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
