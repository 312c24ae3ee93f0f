package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import io.latchkey.server.App;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.http.ApiServer;
import io.latchkey.server.security.HostileCases.Case;
import io.latchkey.server.security.HostileCases.Expect;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.RawRequest;
import io.latchkey.server.testing.TestDatabase;
import io.latchkey.server.testing.TestServer;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Sends every served route thousands of malformed requests (see {@link HostileCases} for the
 * families) against a server holding realistic data in two projects, and checks that each is
 * refused with a 4xx in the contract's error shape, promptly, without leaking internals or
 * secrets; that the database is exactly as it was afterwards; and that nothing was logged as an
 * unexpected failure.
 *
 * <p>System properties: {@code latchkey.hostile.seed} (default fixed, so a run is repeatable) and
 * {@code latchkey.hostile.soak} (extra random field combinations per endpoint; also sends every
 * hostile string to every field instead of a sample). See docs/SECURITY.md.
 */
class HostileInputTest {
    static final long SEED = Long.getLong("latchkey.hostile.seed", 20_261_128L);
    static final int SOAK = Integer.getInteger("latchkey.hostile.soak", 0);
    private static final int THREADS = 4;

    // Rate limits off: most hostile bases carry a credential that fails (a used token, a wrong
    // code), so with limits on the counters would grow (the database must stay unchanged) and
    // 429s would replace the refusals under test. The limits have their own suite (RateLimit*).
    @RegisterExtension
    static final TestServer server = TestServer.perClass(o -> o.withRateLimits(RateLimits.OFF));

    static SecurityWorld world;

    @BeforeAll
    static void start() {
        world = SecurityWorld.build(server);
    }

    /**
     * The only served routes outside the endpoint table, on purpose: probes for load balancers and
     * scrapers, which read no input and answer 200 without credentials, so no hostile base request
     * exists for them. {@link #operationalRoutesRefuseWhatTheyDoNotServeInTheContractShape} covers them.
     */
    static final Set<String> OPERATIONAL_ROUTES = Set.of("GET /healthz", "GET /readyz", "GET /metrics");

    @Test
    void everyServedRouteIsInTheEndpointTable() throws ReflectiveOperationException {
        Set<String> served = new TreeSet<>();
        for (ParsedEndpoint e : javalin(server.app()).unsafe.internalRouter.allHttpHandlers()) {
            if (!e.endpoint.method.isHttpMethod()) {
                continue;
            }
            served.add(e.endpoint.method.name() + " " + e.endpoint.path);
        }
        Set<String> table =
                Endpoints.all(world).stream().map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
        table.addAll(OPERATIONAL_ROUTES);
        assertThat(table)
                .as("Endpoints.all and the operational routes list exactly the served routes")
                .isEqualTo(served);
    }

    @Test
    void operationalRoutesRefuseWhatTheyDoNotServeInTheContractShape() {
        List<String> secrets = secrets();
        List<String> failures = new ArrayList<>();
        for (String route : OPERATIONAL_ROUTES) {
            String path = route.substring(route.indexOf(' ') + 1);
            for (RawRequest request : List.of(
                    RawRequest.of("POST", path)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{}"),
                    RawRequest.of("PUT", path)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{}"),
                    RawRequest.of("DELETE", path),
                    RawRequest.of("TRACE", path),
                    RawRequest.of("GET", path + "?a=%ZZ"),
                    RawRequest.of("GET", path + "/%00"),
                    RawRequest.of("GET", path + "/..%2f..%2fetc%2fpasswd"),
                    RawRequest.of("GET", path).withHeader("X-HTTP-Method-Override", "DELETE"))) {
                RawRequest.Answer answer = request.send(server.baseUrl());
                List<String> problems = ContractErrors.problems(request, answer, secrets);
                if (!problems.isEmpty()) {
                    failures.add(request.describe() + ": " + problems + "\n    " + answer);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyEndpointRefusesMalformedRequestsInTheContractShapeAndChangesNothing() throws InterruptedException {
        List<Endpoint> endpoints = Endpoints.all(world);
        HostileCases generator = new HostileCases(world, endpoints, SEED, 12 + SOAK, SOAK > 0 ? Integer.MAX_VALUE : 40);
        List<Case> cases = generator.all();
        List<String> secrets = secrets();
        Map<String, List<String>> before = DbSnapshot.everyTable(server.app().database());

        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        log.start();
        root.addAppender(log);

        Map<String, LongAdder> perFamily = new ConcurrentHashMap<>();
        Map<String, LongAdder> millisPerFamily = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        LongAdder failed = new LongAdder();
        Instant started = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (Case c : cases) {
                pool.execute(() -> {
                    long t0 = System.nanoTime();
                    RawRequest request = c.request().get();
                    RawRequest.Answer answer = request.send(server.baseUrl());
                    millisPerFamily
                            .computeIfAbsent(c.family(), f -> new LongAdder())
                            .add((System.nanoTime() - t0) / 1_000_000);
                    List<String> problems = new ArrayList<>(ContractErrors.problems(request, answer, secrets));
                    String expected = expected(c.expect(), answer);
                    if (expected != null) {
                        problems.add(expected);
                    }
                    perFamily.computeIfAbsent(c.family(), f -> new LongAdder()).increment();
                    if (!problems.isEmpty()) {
                        failed.increment();
                        if (failures.size() < 60) {
                            failures.add("[" + c.family() + "] " + c.endpoint() + " — " + c.detail()
                                    + "\n    problems: " + problems + "\n    request:  " + request.describe()
                                    + "\n    answer:   " + answer);
                        }
                    }
                });
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.MINUTES)).isTrue();
            root.detachAppender(log);
        }
        Duration took = Duration.between(started, Instant.now());
        System.out.printf(
                "hostile input (%s, seed %d, soak %d): %d requests to %d endpoints in %.1f s; %s%n",
                TestDatabase.dialect(),
                SEED,
                SOAK,
                cases.size(),
                endpoints.size(),
                took.toMillis() / 1000.0,
                new TreeMap<>(perFamily));
        System.out.println(
                "hostile input: milliseconds per family (summed over threads) " + new TreeMap<>(millisPerFamily));

        assertThat(failures)
                .as(failed.sum() + " of " + cases.size() + " hostile requests were not refused properly" + " (seed "
                        + SEED + "):\n" + String.join("\n", failures))
                .isEmpty();

        Map<String, List<String>> after = DbSnapshot.everyTable(server.app().database());
        assertThat(DbSnapshot.checksum(after))
                .as("database changed by refused requests: %s", DbSnapshot.difference(before, after))
                .isEqualTo(DbSnapshot.checksum(before));

        List<String> errors = log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : " / " + e.getThrowableProxy().getClassName() + ": "
                                        + e.getThrowableProxy().getMessage()))
                .limit(20)
                .toList();
        assertThat(errors)
                .as("unexpected failures logged while refusing hostile requests")
                .isEmpty();

        // Hostile requests carried secrets and tokens (in Basic credentials, headers, bodies): the
        // log must not have picked any of them up.
        String logged = log.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
        assertThat(secrets.stream()
                        .filter(secret -> secret.length() >= 16 && logged.contains(secret))
                        .count())
                .as("secrets or tokens in the log")
                .isZero();

        // The server is still itself: both projects' live sessions still authenticate.
        assertThat(world.a
                        .api()
                        .post("/v1/b2b/sessions/authenticate", json("session_token", world.a.liveSessionToken()))
                        .status())
                .isEqualTo(200);
        assertThat(world.b
                        .api()
                        .post("/v1/b2b/sessions/authenticate", json("session_token", world.b.liveSessionToken()))
                        .status())
                .isEqualTo(200);
    }

    private static String expected(Expect expect, RawRequest.Answer a) {
        return switch (expect) {
            case CLIENT_ERROR -> null;
            case BAD_REQUEST -> a.status() == 400 ? null : "expected 400";
            case UNAUTHORIZED ->
                a.status() == 401 && a.body().contains("\"unauthorized_credentials\"")
                        ? null
                        : "expected 401 unauthorized_credentials";
            case WRONG_METHOD -> a.status() == 404 || a.status() == 405 ? null : "expected 404 or 405";
            case TOO_LARGE -> a.status() == 413 ? null : "expected 413";
        };
    }

    /** Everything secret the world holds, clear and hashed: no answer may contain any of it. */
    private static List<String> secrets() {
        List<String> secrets = new ArrayList<>(world.a.secrets());
        secrets.addAll(world.b.secrets());
        server.app().database().read(tx -> {
            for (String sql : List.of(
                    "SELECT secret_hash FROM projects",
                    "SELECT token_hash FROM magic_links",
                    "SELECT token_hash FROM member_sessions",
                    "SELECT token_hash FROM intermediate_sessions",
                    "SELECT code_hash FROM recovery_codes",
                    "SELECT code_hash FROM otp_codes",
                    "SELECT token_hash FROM password_resets",
                    "SELECT hash FROM member_passwords")) {
                secrets.addAll(tx.query(sql, rs -> rs.getString(1)));
            }
            return null;
        });
        return secrets;
    }

    static Javalin javalin(App app) throws ReflectiveOperationException {
        Field serverField = App.class.getDeclaredField("server");
        serverField.setAccessible(true);
        ApiServer api = (ApiServer) serverField.get(app);
        Field javalinField = ApiServer.class.getDeclaredField("javalin");
        javalinField.setAccessible(true);
        return (Javalin) javalinField.get(api);
    }
}
