package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.latchkey.sdk.LatchkeyJwtException.Reason;
import io.latchkey.server.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Local JWT verification against a JWKS of keys the test controls, served over HTTP like the real
 * route, with tokens crafted here. Time is a clock the test moves, never a sleep.
 */
class LocalJwtVerificationTest {
    private static final String PROJECT = "project-test-11111111-1111-4111-8111-111111111111";
    private static final RSAKey KEY = TestJwts.newKey("jwk-test-one");
    private static final RSAKey OTHER_KEY_SAME_KID = TestJwts.newKey("jwk-test-one");
    private static final RSAKey ROTATED_IN = TestJwts.newKey("jwk-test-two");

    private final List<RSAKey> published = new CopyOnWriteArrayList<>(List.of(KEY));
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private FakeApi api;
    private B2BClient client;

    @BeforeEach
    void start() {
        api = FakeApi.start();
        api.on("GET /v1/b2b/sessions/jwks/" + PROJECT, r -> FakeApi.Answer.json(200, TestJwts.jwks(published)));
        api.on("POST /v1/b2b/sessions/authenticate", r -> FakeApi.Answer.json(200, RemoteAnswers.AUTHENTICATED));
        client = client(Duration.ZERO);
    }

    private B2BClient client(Duration tolerance) {
        return B2BClient.builder(PROJECT, "secret-test-x")
                .baseUrl(api.baseUrl())
                .clock(clock)
                .clockTolerance(tolerance)
                .build();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Instant now() {
        return clock.instant();
    }

    private String valid() {
        return TestJwts.sign(KEY, TestJwts.claims(PROJECT, now()).build());
    }

    private Reason rejection(String jwt) {
        try {
            client.sessions().authenticateJwtLocal(jwt, null);
        } catch (LatchkeyJwtException e) {
            return e.reason();
        }
        throw new AssertionError("the JWT was accepted");
    }

    private long jwksFetches() {
        return api.count("GET", "/v1/b2b/sessions/jwks/" + PROJECT);
    }

    @Test
    void authenticateJwtLocalWhenValidThenMemberSessionAndCustomClaimsFromTheClaims() {
        JwtAuthentication result = client.sessions().authenticateJwtLocal(valid(), 60);

        assertThat(result.verification()).isEqualTo(JwtAuthentication.Verification.LOCAL);
        assertThat(result.verifiedLocally()).isTrue();
        assertThat(result.remote()).isNull();
        var session = result.memberSession();
        assertThat(session.memberSessionId()).isEqualTo(TestJwts.SESSION_ID);
        assertThat(session.memberId()).isEqualTo(TestJwts.MEMBER_ID);
        assertThat(session.organizationId()).isEqualTo(TestJwts.ORG_ID);
        assertThat(session.organizationSlug()).isEqualTo("acme");
        assertThat(session.startedAt()).isEqualTo(now().toString());
        assertThat(session.expiresAt()).isEqualTo(now().plusSeconds(3600).toString());
        assertThat(session.roles()).containsExactly("stytch_member", "editor");
        assertThat(session.authenticationFactors()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("magic_link");
            assertThat(f.deliveryMethod()).isEqualTo("email");
            assertThat(f.emailFactor().emailAddress()).isEqualTo("ada@example.com");
        });
        assertThat(result.customClaims()).containsOnlyKeys("plan", "seats").containsEntry("plan", "gold");
        assertThat(session.customClaims()).isEqualTo(result.customClaims());
    }

    @Test
    void authenticateJwtLocalFetchesTheJwksOnceAndWithoutCredentials() {
        client.sessions().authenticateJwtLocal(valid(), null);
        client.sessions().authenticateJwtLocal(valid(), null);
        client.sessions().authenticateJwtLocal(valid(), null);

        assertThat(jwksFetches()).isEqualTo(1);
        assertThat(api.requests().get(0).headers().containsKey("Authorization")).isFalse();
    }

    @Test
    void authenticateJwtLocalWhenSignedByAnotherKeyThenInvalidSignature() {
        String forged = TestJwts.sign(
                OTHER_KEY_SAME_KID, TestJwts.claims(PROJECT, now()).build());
        assertThat(rejection(forged)).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void authenticateJwtLocalWhenPayloadTamperedThenInvalidSignature() {
        String[] parts = valid().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String tampered = payload.replace(TestJwts.MEMBER_ID, "member-test-someone-else");
        String jwt = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(rejection(jwt)).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void authenticateJwtLocalWhenWrongIssuerThenInvalidIssuer() {
        assertThat(rejection(TestJwts.sign(
                        KEY,
                        TestJwts.claims(PROJECT, now())
                                .issuer("stytch.com/project-test-other")
                                .build())))
                .isEqualTo(Reason.INVALID_ISSUER);
        assertThat(rejection(TestJwts.sign(
                        KEY,
                        TestJwts.claims(PROJECT, now())
                                .issuer(api.baseUrl() + "/")
                                .build())))
                .isEqualTo(Reason.INVALID_ISSUER);
        assertThat(rejection(TestJwts.sign(
                        KEY, TestJwts.claims(PROJECT, now()).issuer(null).build())))
                .isEqualTo(Reason.INVALID_ISSUER);
    }

    @Test
    void authenticateJwtLocalWhenIssuerIsTheBaseUrlThenAccepted() {
        String jwt = TestJwts.sign(
                KEY, TestJwts.claims(PROJECT, now()).issuer(api.baseUrl()).build());
        assertThat(client.sessions().authenticateJwtLocal(jwt).verifiedLocally())
                .isTrue();
    }

    @Test
    void authenticateJwtLocalWhenWrongAudienceThenInvalidAudience() {
        assertThat(rejection(TestJwts.sign(
                        KEY,
                        TestJwts.claims(PROJECT, now())
                                .audience("project-test-other")
                                .build())))
                .isEqualTo(Reason.INVALID_AUDIENCE);
        assertThat(rejection(TestJwts.sign(
                        KEY,
                        TestJwts.claims(PROJECT, now()).audience((String) null).build())))
                .isEqualTo(Reason.INVALID_AUDIENCE);
    }

    @Test
    void authenticateJwtLocalWhenAudienceIsAPlainStringOrAmongOthersThenAccepted() {
        String plain = TestJwts.sign(
                KEY, TestJwts.claims(PROJECT, now()).audience(PROJECT).build());
        String among = TestJwts.sign(
                KEY,
                TestJwts.claims(PROJECT, now())
                        .audience(List.of("other", PROJECT))
                        .build());
        assertThat(client.sessions().authenticateJwtLocal(plain).verifiedLocally())
                .isTrue();
        assertThat(client.sessions().authenticateJwtLocal(among).verifiedLocally())
                .isTrue();
    }

    @Test
    void authenticateJwtLocalWhenExpiredThenExpired() {
        String jwt = valid();
        clock.advance(Duration.ofSeconds(300));
        assertThat(rejection(jwt)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void authenticateJwtLocalWhenExpiredWithinClockToleranceThenAccepted() {
        String jwt = valid();
        clock.advance(Duration.ofSeconds(310));
        B2BClient tolerant = client(Duration.ofSeconds(30));
        assertThat(tolerant.sessions().authenticateJwtLocal(jwt).verifiedLocally())
                .isTrue();
    }

    @Test
    void authenticateJwtLocalWhenNoExpThenInvalidClaims() {
        String jwt = TestJwts.sign(
                KEY, TestJwts.claims(PROJECT, now()).expirationTime(null).build());
        assertThat(rejection(jwt)).isEqualTo(Reason.INVALID_CLAIMS);
    }

    @Test
    void authenticateJwtLocalWhenNotYetValidThenNotYetValid() {
        Instant later = now().plusSeconds(120);
        String jwt = TestJwts.sign(KEY, TestJwts.claims(PROJECT, later).build());
        assertThat(rejection(jwt)).isEqualTo(Reason.NOT_YET_VALID);

        B2BClient tolerant = client(Duration.ofSeconds(180));
        assertThat(tolerant.sessions().authenticateJwtLocal(jwt).verifiedLocally())
                .isTrue();
    }

    @Test
    void authenticateJwtLocalWhenOlderThanMaxTokenAgeThenTooOld() {
        String jwt = valid();
        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> client.sessions().authenticateJwtLocal(jwt, 60))
                .isInstanceOfSatisfying(
                        LatchkeyJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_OLD));
        assertThat(client.sessions().authenticateJwtLocal(jwt, 120).verifiedLocally())
                .isTrue();
        assertThat(client.sessions().authenticateJwtLocal(jwt, null).verifiedLocally())
                .isTrue();
    }

    @Test
    void authenticateJwtLocalWhenAlgNoneThenUnsupportedAlgorithm() {
        String unsecured = new PlainJWT(TestJwts.claims(PROJECT, now()).build()).serialize();
        assertThat(rejection(unsecured)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        // The same, hand-made with a kid and typ, and the real signature kept as a decoy.
        String[] parts = valid().split("\\.");
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"jwk-test-one\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(rejection(header + "." + parts[1] + ".")).isIn(Reason.UNSUPPORTED_ALGORITHM, Reason.MALFORMED);
        assertThat(rejection(header + "." + parts[1] + "." + parts[2]))
                .isIn(Reason.UNSUPPORTED_ALGORITHM, Reason.MALFORMED);
    }

    @Test
    void authenticateJwtLocalWhenHs256SignedWithThePublicKeyThenUnsupportedAlgorithm() throws Exception {
        // The classic confusion attack: HMAC keyed with the RSA public key everyone can download.
        JWSHeader hs256 = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(JOSEObjectType.JWT)
                .keyID(KEY.getKeyID())
                .build();
        for (byte[] secret : List.of(
                KEY.toPublicKey().getEncoded(), KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))) {
            SignedJWT jwt = new SignedJWT(hs256, TestJwts.claims(PROJECT, now()).build());
            jwt.sign(new MACSigner(secret));
            assertThat(rejection(jwt.serialize())).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        }
    }

    @Test
    void authenticateJwtLocalWhenRs256HeaderButOtherTypThenRejected() {
        JWSHeader noTyp =
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build();
        JWSHeader atJwt = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(KEY.getKeyID())
                .build();
        assertThat(rejection(TestJwts.sign(
                        KEY, noTyp, TestJwts.claims(PROJECT, now()).build())))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(rejection(TestJwts.sign(
                        KEY, atJwt, TestJwts.claims(PROJECT, now()).build())))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void authenticateJwtLocalWhenNotAJwtThenMalformed() {
        assertThat(rejection("not-a-jwt")).isEqualTo(Reason.MALFORMED);
        assertThat(rejection("")).isEqualTo(Reason.MALFORMED);
        assertThat(rejection("a.b.c")).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void authenticateJwtLocalWhenSessionClaimMissingThenInvalidClaims() {
        JWTClaimsSet claims = TestJwts.claims(PROJECT, now())
                .claim("https://stytch.com/session", null)
                .build();
        assertThat(rejection(TestJwts.sign(KEY, claims))).isEqualTo(Reason.INVALID_CLAIMS);
        JWTClaimsSet noSub = TestJwts.claims(PROJECT, now()).subject(null).build();
        assertThat(rejection(TestJwts.sign(KEY, noSub))).isEqualTo(Reason.INVALID_CLAIMS);
    }

    @Test
    void authenticateJwtLocalWhenKidUnknownThenRefetchesAndAcceptsTheRotatedInKey() {
        clock.advance(Duration.ofMinutes(1));
        client.sessions().authenticateJwtLocal(valid());
        assertThat(jwksFetches()).isEqualTo(1);

        // A rotation publishes a new key; the first token it signs arrives after the refetch interval.
        published.add(ROTATED_IN);
        clock.advance(Duration.ofSeconds(31));
        String rotated =
                TestJwts.sign(ROTATED_IN, TestJwts.claims(PROJECT, now()).build());

        assertThat(client.sessions().authenticateJwtLocal(rotated).verifiedLocally())
                .isTrue();
        assertThat(jwksFetches()).isEqualTo(2);
        // The old key still verifies, with no further fetch.
        assertThat(client.sessions().authenticateJwtLocal(valid()).verifiedLocally())
                .isTrue();
        assertThat(jwksFetches()).isEqualTo(2);
    }

    @Test
    void authenticateJwtLocalWhenUnknownKidsArriveQuicklyThenRefetchIsRateLimited() {
        client.sessions().authenticateJwtLocal(valid());
        published.add(ROTATED_IN);
        String rotated =
                TestJwts.sign(ROTATED_IN, TestJwts.claims(PROJECT, now()).build());
        RSAKey madeUp = TestJwts.newKey("jwk-test-made-up");

        // Within the interval: no refetch, however many unknown kids come in.
        for (int i = 0; i < 5; i++) {
            assertThat(rejection(TestJwts.sign(
                            madeUp, TestJwts.claims(PROJECT, now()).build())))
                    .isEqualTo(Reason.UNKNOWN_KEY);
        }
        assertThat(rejection(rotated)).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(jwksFetches()).isEqualTo(1);

        // Once the interval has passed, one refetch, and the rotated-in key is found.
        clock.advance(Duration.ofSeconds(30));
        assertThat(client.sessions().authenticateJwtLocal(rotated).verifiedLocally())
                .isTrue();
        assertThat(rejection(
                        TestJwts.sign(madeUp, TestJwts.claims(PROJECT, now()).build())))
                .isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(jwksFetches()).isEqualTo(2);
    }

    @Test
    void authenticateJwtLocalWhenCacheIsOldThenRefreshesAndDropsRotatedOutKeys() {
        String oldKeyToken = valid();
        client.sessions().authenticateJwtLocal(oldKeyToken);
        published.clear();
        published.add(ROTATED_IN);

        clock.advance(Duration.ofMinutes(11));
        String rotated =
                TestJwts.sign(ROTATED_IN, TestJwts.claims(PROJECT, now()).build());
        // The unknown kid refetches at once; the old key is gone from the set afterwards.
        assertThat(client.sessions().authenticateJwtLocal(rotated).verifiedLocally())
                .isTrue();
        String oldKeyFresh = TestJwts.sign(KEY, TestJwts.claims(PROJECT, now()).build());
        assertThat(rejection(oldKeyFresh)).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void authenticateJwtLocalWhenJwksKeyIsNotForRs256SignaturesThenUnknownKey() {
        RSAKey encryptionKey = new RSAKey.Builder(KEY).keyUse(KeyUse.ENCRYPTION).build();
        published.clear();
        published.add(encryptionKey);
        assertThat(rejection(valid())).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void authenticateJwtLocalWhenJwksUnreachableThenJwksUnavailable() {
        api.on("GET /v1/b2b/sessions/jwks/" + PROJECT, r -> FakeApi.Answer.json(503, "{}"));
        B2BClient noRetries = B2BClient.builder(PROJECT, "secret-test-x")
                .baseUrl(api.baseUrl())
                .clock(clock)
                .maxRetries(0)
                .build();
        assertThatThrownBy(() -> noRetries.sessions().authenticateJwtLocal(valid()))
                .isInstanceOfSatisfying(
                        LatchkeyJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.JWKS_UNAVAILABLE));
    }

    @Test
    void authenticateJwtWhenTooOldThenFallsBackToTheServer() {
        String jwt = valid();
        clock.advance(Duration.ofSeconds(90));

        JwtAuthentication result = client.sessions().authenticateJwt(jwt, 60);

        assertThat(result.verification()).isEqualTo(JwtAuthentication.Verification.REMOTE);
        assertThat(result.remote()).isNotNull();
        assertThat(result.sessionJwt()).isEqualTo(RemoteAnswers.FRESH_JWT);
        assertThat(result.memberSession().memberId()).isEqualTo(TestJwts.MEMBER_ID);
        assertThat(api.count("POST", "/v1/b2b/sessions/authenticate")).isEqualTo(1);
        assertThat(api.requests().stream()
                        .filter(r -> r.method().equals("POST"))
                        .findFirst()
                        .orElseThrow()
                        .body())
                .contains("\"session_jwt\":\"" + jwt + "\"");
    }

    @Test
    void authenticateJwtWhenFreshThenVerifiedLocallyWithoutACall() {
        JwtAuthentication result = client.sessions().authenticateJwt(valid(), 60);
        assertThat(result.verifiedLocally()).isTrue();
        assertThat(api.count("POST", "/v1/b2b/sessions/authenticate")).isZero();
    }

    @Test
    void authenticateJwtWhenExpiredThenFallsBackToTheServer() {
        String expired = valid();
        clock.advance(Duration.ofMinutes(6));
        assertThat(client.sessions().authenticateJwt(expired, null).verification())
                .isEqualTo(JwtAuthentication.Verification.REMOTE);
        assertThat(api.count("POST", "/v1/b2b/sessions/authenticate")).isEqualTo(1);
    }

    @Test
    void authenticateJwtWhenKeyUnknownAfterARefetchThenRefusedWithoutACall() {
        client.sessions().authenticateJwtLocal(valid());
        clock.advance(Duration.ofSeconds(31));
        RSAKey elsewhere = TestJwts.newKey("jwk-test-elsewhere");

        // The first one refetches the JWKS (a rotation would be found); the key is not there.
        assertThatThrownBy(() -> client.sessions()
                        .authenticateJwt(
                                TestJwts.sign(
                                        elsewhere,
                                        TestJwts.claims(PROJECT, now()).build()),
                                null))
                .isInstanceOfSatisfying(
                        LatchkeyJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
        // Within the refetch interval, more of them are refused with no call at all.
        assertThatThrownBy(() -> client.sessions()
                        .authenticateJwt(
                                TestJwts.sign(
                                        elsewhere,
                                        TestJwts.claims(PROJECT, now()).build()),
                                60))
                .isInstanceOfSatisfying(
                        LatchkeyJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
        assertThatThrownBy(() -> client.sessions()
                        .authenticateJwtAsync(
                                TestJwts.sign(
                                        elsewhere,
                                        TestJwts.claims(PROJECT, now()).build()),
                                60)
                        .join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(LatchkeyJwtException.class);

        assertThat(api.count("GET", "/v1/b2b/sessions/jwks/" + PROJECT)).isEqualTo(2);
        assertThat(api.count("POST", "/v1/b2b/sessions/authenticate")).isZero();
    }

    @Test
    void authenticateJwtWhenJwksUnreachableThenFallsBackToTheServer() {
        api.on("GET /v1/b2b/sessions/jwks/" + PROJECT, r -> FakeApi.Answer.json(503, "{}"));
        B2BClient noRetries = B2BClient.builder(PROJECT, "secret-test-x")
                .baseUrl(api.baseUrl())
                .clock(clock)
                .maxRetries(0)
                .build();
        assertThat(noRetries.sessions().authenticateJwt(valid(), 60).verification())
                .isEqualTo(JwtAuthentication.Verification.REMOTE);
        assertThat(api.count("POST", "/v1/b2b/sessions/authenticate")).isEqualTo(1);
    }

    @Test
    void authenticateJwtWhenProvedBadLocallyThenRefusedWithoutACall() {
        String forged = TestJwts.sign(
                OTHER_KEY_SAME_KID, TestJwts.claims(PROJECT, now()).build());
        String foreign = TestJwts.sign(
                KEY,
                TestJwts.claims(PROJECT, now()).audience("project-test-other").build());
        assertThatThrownBy(() -> client.sessions().authenticateJwt(forged, 60))
                .isInstanceOf(LatchkeyJwtException.class);
        assertThatThrownBy(() -> client.sessions().authenticateJwt(foreign, 60))
                .isInstanceOf(LatchkeyJwtException.class);
        assertThat(api.count("POST", "/v1/b2b/sessions/authenticate")).isZero();
    }

    @Test
    void authenticateJwtWhenMaxTokenAgeIsZeroThenAlwaysAsksTheServer() {
        assertThat(client.sessions().authenticateJwt(valid(), 0).verification())
                .isEqualTo(JwtAuthentication.Verification.REMOTE);
    }

    @Test
    void asyncVariantsDecideTheSameWay() {
        String jwt = valid();
        assertThat(client.sessions().authenticateJwtLocalAsync(jwt, 60).join().verifiedLocally())
                .isTrue();
        assertThat(client.sessions().authenticateJwtAsync(jwt, 60).join().verifiedLocally())
                .isTrue();

        String forged = TestJwts.sign(
                OTHER_KEY_SAME_KID, TestJwts.claims(PROJECT, now()).build());
        assertThatThrownBy(
                        () -> client.sessions().authenticateJwtAsync(forged, 60).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(LatchkeyJwtException.class);

        clock.advance(Duration.ofSeconds(90));
        assertThat(client.sessions().authenticateJwtAsync(jwt, 60).join().verification())
                .isEqualTo(JwtAuthentication.Verification.REMOTE);
    }

    @Test
    void asyncLocalVerificationFetchesTheJwksWithoutBlocking() {
        B2BClient fresh = client(Duration.ZERO);
        JwtAuthentication result =
                fresh.sessions().authenticateJwtLocalAsync(valid(), null).join();
        assertThat(result.memberSession().memberId()).isEqualTo(TestJwts.MEMBER_ID);
    }

    @Test
    void authenticateJwtLocalWhenIssuedInTheFutureThenNotYetValid() {
        JWTClaimsSet claims = TestJwts.claims(PROJECT, now())
                .issueTime(Date.from(now().plusSeconds(600)))
                .build();
        assertThat(rejection(TestJwts.sign(KEY, claims))).isEqualTo(Reason.NOT_YET_VALID);
    }
}
