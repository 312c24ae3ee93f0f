package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.EmailFactor;
import io.latchkey.sdk.LatchkeyJwtException.Reason;
import io.latchkey.server.session.SessionClaims;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone who can reach only the application floods it with session JWTs nobody signed, each
 * naming a made-up {@code kid}: the SDK must refuse them in-process, so the real server sees at
 * most one JWKS fetch per refetch interval and not a single session check, while genuine JWTs go
 * on passing locally. The SDK reaches the server through a proxy that counts what it is asked;
 * it shares the server's test clock, so no test sleeps.
 */
@Tag("server")
class ForgedJwtFloodServerTest {
    private static final String JWKS = "/v1/b2b/sessions/jwks/";
    private static final String AUTHENTICATE = "/v1/b2b/sessions/authenticate";
    private static final int THREADS = 8;
    private static final int PER_THREAD = 40;

    private final RSAKey attackerKey = TestJwts.newKey("jwk-test-attacker");

    @RegisterExtension
    final TestServer server = TestServer.perTest();

    private FakeApi counting;
    private B2BClient client;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        counting = FakeApi.forwardingTo(server.baseUrl());
        client = B2BClient.builder(server.projectId(), server.secret())
                .baseUrl(counting.baseUrl())
                .clock(server.clock())
                .jwksRefreshInterval(Duration.ofSeconds(30))
                .build();
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        counting.close();
    }

    @Test
    void aFloodOfUnknownKidsFetchesTheJwksAtMostOncePerIntervalAndChecksNoSession() throws Exception {
        String genuine = mint();

        // Before the SDK has any keys: the flood shares one fetch, then is refused locally.
        assertThat(flood()).containsOnly(Reason.UNKNOWN_KEY).hasSize(THREADS * PER_THREAD);
        assertThat(jwksFetches()).isEqualTo(1);
        assertThat(client.sessions().authenticateJwt(genuine, 60).verifiedLocally())
                .isTrue();

        // Later within the interval: no fetch at all.
        server.clock().advance(Duration.ofSeconds(29));
        assertThat(flood()).containsOnly(Reason.UNKNOWN_KEY);
        assertThat(jwksFetches()).isEqualTo(1);

        // Once the interval has passed: one refetch (a rotation would be found), however many come.
        server.clock().advance(Duration.ofSeconds(2));
        assertThat(flood()).containsOnly(Reason.UNKNOWN_KEY);
        assertThat(jwksFetches()).isEqualTo(2);

        assertThat(counting.count("POST", AUTHENTICATE)).isZero();
        // Genuine JWTs kept passing locally, with no call.
        assertThat(client.sessions().authenticateJwt(mint(), 60).verifiedLocally())
                .isTrue();
        assertThat(client.sessions().authenticateJwtAsync(genuine, null).join().verifiedLocally())
                .isTrue();
        assertThat(jwksFetches()).isEqualTo(2);
        assertThat(counting.count("POST", AUTHENTICATE)).isZero();
    }

    /** Forged JWTs from {@link #THREADS} threads released together, half sync, half async. */
    private List<Reason> flood() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Reason>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            boolean async = t % 2 == 1;
            futures.add(pool.submit(() -> {
                go.await();
                List<Reason> reasons = new ArrayList<>();
                for (int i = 0; i < PER_THREAD; i++) {
                    reasons.add(refusal(forged(), async));
                }
                return reasons;
            }));
        }
        go.countDown();
        List<Reason> all = new ArrayList<>();
        for (Future<List<Reason>> f : futures) {
            all.addAll(f.get());
        }
        return all;
    }

    private Reason refusal(String jwt, boolean async) {
        try {
            if (async) {
                client.sessions().authenticateJwtAsync(jwt, 60).join();
            } else {
                client.sessions().authenticateJwt(jwt, 60);
            }
        } catch (LatchkeyJwtException e) {
            return e.reason();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LatchkeyJwtException j) {
                return j.reason();
            }
            throw e;
        }
        throw new AssertionError("a forged JWT was accepted");
    }

    /** A well-formed session JWT for this project, signed by the attacker's key under a fresh kid. */
    private String forged() {
        RSAKey named = new RSAKey.Builder(attackerKey)
                .keyID("jwk-test-" + UUID.randomUUID())
                .build();
        return TestJwts.sign(
                named,
                TestJwts.claims(server.projectId(), server.clock().instant()).build());
    }

    private String mint() {
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
                java.util.Map.of());
        return server.app().sessionJwts().mint(server.project(), claims);
    }

    private long jwksFetches() {
        return counting.count("GET", JWKS + server.projectId());
    }
}
