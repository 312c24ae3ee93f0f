package io.latchkey.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.latchkey.api.session.AuthorizationCheck;
import io.latchkey.api.session.MemberSession;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.JwtAuthentication;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local session-JWT verification in the SDK ({@code authenticateJwt} when the token is fresh, so
 * no call is made): RS256 signature with a 2048-bit key, claims checks, and building the typed
 * MemberSession. The JWKS is served once by a tiny in-process HTTP server, then cached, as in a
 * real application. Run with {@code -t 1} and {@code -t 2}; see README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class JwtVerificationBenchmark {
    private static final String PROJECT = "project-test-00000000-0000-4000-8000-00000000be4c";

    private HttpServer jwksServer;
    private B2BClient client;
    private String jwt;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048)
                .keyID("jwk-test-bench")
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/v1/b2b/sessions/jwks/" + PROJECT, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        // The RBAC policies the local authorization check fetches once and then caches.
        serve(jwksServer, "/v1/b2b/rbac/policy", POLICY);
        serve(jwksServer, "/v1/b2b/rbac/organizations/organization-test-bench", ORG_POLICY);
        jwksServer.start();
        client = B2BClient.builder(PROJECT, "secret-test-bench")
                .baseUrl("http://127.0.0.1:" + jwksServer.getAddress().getPort())
                .build();
        jwt = mint(key);
        JwtAuthentication warm = client.sessions().authenticateJwt(jwt, 3600);
        if (!warm.verifiedLocally()) {
            throw new IllegalStateException("the benchmark token did not verify locally");
        }
        session = warm.memberSession();
        if (!client.sessions().authenticateJwt(jwt, 3600, CHECK).verifiedLocally()
                || !client.rbac().isAuthorized(session, "billing", "read")) {
            throw new IllegalStateException("the benchmark's authorization check did not pass locally");
        }
    }

    private static void serve(HttpServer server, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jwksServer.stop(0);
    }

    /**
     * A policy the size of a real application's: Stytch's two default roles, eight custom roles
     * with a few permissions each over six custom resources; the member holds a role that allows
     * the checked action near the end of the list.
     */
    private static final String POLICY = policyJson();

    private static final String ORG_POLICY =
            "{\"status_code\":200,\"request_id\":\"r\",\"org_policy\":{\"roles\":[{\"role_id\":\"auditor\","
                    + "\"description\":\"\",\"permissions\":[{\"resource_id\":\"res1\",\"actions\":[\"read\"]}]}]}}";
    private static final AuthorizationCheck CHECK =
            new AuthorizationCheck("organization-test-bench", "billing", "read");

    private MemberSession session;

    private static String policyJson() {
        StringBuilder roles = new StringBuilder(
                "{\"role_id\":\"stytch_member\",\"description\":\"\",\"permissions\":[{\"resource_id\":\"stytch.self\",\"actions\":[\"*\"]}]},"
                        + "{\"role_id\":\"stytch_admin\",\"description\":\"\",\"permissions\":[{\"resource_id\":\"stytch.member\",\"actions\":[\"*\"]}]}");
        StringBuilder resources = new StringBuilder(
                "{\"resource_id\":\"billing\",\"description\":\"\",\"actions\":[\"read\",\"update\"]}");
        for (int r = 1; r <= 5; r++) {
            resources
                    .append(",{\"resource_id\":\"res")
                    .append(r)
                    .append("\",\"description\":\"\",\"actions\":[\"read\",\"update\",\"delete\",\"share\"]}");
        }
        for (int i = 1; i <= 8; i++) {
            roles.append(",{\"role_id\":\"role")
                    .append(i)
                    .append("\",\"description\":\"\",\"permissions\":[")
                    .append("{\"resource_id\":\"res")
                    .append(1 + i % 5)
                    .append("\",\"actions\":[\"read\",\"update\"]},")
                    .append("{\"resource_id\":\"res")
                    .append(1 + (i + 2) % 5)
                    .append("\",\"actions\":[\"share\"]}")
                    .append(i == 8 ? ",{\"resource_id\":\"billing\",\"actions\":[\"read\"]}" : "")
                    .append("]}");
        }
        return "{\"status_code\":200,\"request_id\":\"r\",\"policy\":{\"roles\":[" + roles + "],\"resources\":["
                + resources + "],\"scopes\":[]}}";
    }

    /**
     * {@link #authenticateJwt} plus the local authorization check ({@code billing} {@code read},
     * allowed by the member's last role) with the cached policies: the difference between the two
     * is what the check adds.
     */
    @Benchmark
    public JwtAuthentication authenticateJwtWithAuthorizationCheck() {
        return client.sessions().authenticateJwt(jwt, 3600, CHECK);
    }

    /** The local check alone, on an already verified session. */
    @Benchmark
    public boolean isAuthorized() {
        return client.rbac().isAuthorized(session, "billing", "read");
    }

    /** What a before-handler calls on every request carrying a session JWT cookie. */
    @Benchmark
    public JwtAuthentication authenticateJwt() {
        return client.sessions().authenticateJwt(jwt, 3600);
    }

    /** A token shaped like Latchkey's (contract phase 1, 7.1), valid for the whole run. */
    private static String mint(RSAKey key) throws JOSEException, IOException {
        Instant now = Instant.now();
        Map<String, Object> factor = new LinkedHashMap<>();
        factor.put("type", "magic_link");
        factor.put("delivery_method", "email");
        factor.put("last_authenticated_at", now.toString());
        factor.put("created_at", now.toString());
        factor.put("updated_at", now.toString());
        factor.put("email_factor", Map.of("email_id", "email-test-bench", "email_address", "ada@acme.test"));
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", "member-session-test-bench");
        session.put("started_at", now.toString());
        session.put("last_accessed_at", now.toString());
        session.put("expires_at", now.plus(Duration.ofHours(2)).toString());
        session.put("attributes", Map.of("ip_address", "", "user_agent", ""));
        session.put("authentication_factors", List.of(factor));
        session.put("roles", List.of("stytch_member", "role3", "role8"));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("stytch.com/" + PROJECT)
                .audience(List.of(PROJECT))
                .subject("member-test-bench")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                // Longer than the real 5 minutes so that a run never outlives its token.
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("https://stytch.com/session", session)
                .claim(
                        "https://stytch.com/organization",
                        Map.of("organization_id", "organization-test-bench", "slug", "acme"))
                .claim("plan", "pro")
                .build();
        SignedJWT signed = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        signed.sign(new RSASSASigner(key));
        return signed.serialize();
    }
}
