package io.latchkey.server.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID Connect provider for tests, in-process over plain HTTP on loopback, without discovery:
 * a token endpoint that answers the ID token a test made by hand for a code (checking the client's
 * credentials, the redirect URI and the PKCE verifier as a real provider would), and a JWKS
 * endpoint with its one RSA key. The test plays the browser: it reads the state and nonce from the
 * authorization URL Latchkey redirects to, and calls Latchkey's callback itself. Thread-safe.
 */
public final class LocalOidcProvider implements AutoCloseable {
    public static final String CLIENT_ID = "latchkey-client";
    public static final String CLIENT_SECRET = "client-secret-value-0123456789-abcdefghij";

    /** What the authorization request carried, as the browser would have brought it. */
    public record Authorization(
            String state, String nonce, String codeChallenge, String redirectUri, String clientId, String scope) {}

    private record Grant(String idToken, String codeChallenge, String redirectUri) {}

    private final HttpServer server;
    private final RSAKey key;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger elsewhereHits = new AtomicInteger();
    private volatile String tokenAnswerOverride;
    private volatile boolean redirectTokenRequests;

    public LocalOidcProvider() {
        try {
            this.key = new RSAKeyGenerator(2048).keyID("key-1").generate();
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", this::token);
        server.createContext("/jwks", this::jwks);
        server.createContext("/elsewhere", exchange -> {
            elsewhereHits.incrementAndGet();
            answer(exchange, 200, "application/json", "{}");
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The issuer its tokens carry. */
    public String issuer() {
        return baseUrl();
    }

    /** Never served: the test reads Latchkey's redirect there instead of following it. */
    public String authorizationUrl() {
        return baseUrl() + "/authorize";
    }

    public String tokenUrl() {
        return baseUrl() + "/token";
    }

    public String jwksUrl() {
        return baseUrl() + "/jwks";
    }

    /** The query of the authorization URL Latchkey sent the browser to. */
    public static Authorization authorization(String authorizationUrl) {
        Map<String, String> q = query(URI.create(authorizationUrl).getRawQuery());
        return new Authorization(
                q.get("state"),
                q.get("nonce"),
                q.get("code_challenge"),
                q.get("redirect_uri"),
                q.get("client_id"),
                q.get("scope"));
    }

    /** Claims of a good ID token for this login: this issuer, the client's audience, an hour to live. */
    public JWTClaimsSet.Builder claims(Authorization login, String email) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("subject-" + email)
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("nonce", login.nonce())
                .claim("email", email)
                .claim("email_verified", true)
                .claim("name", "Ada Lovelace");
    }

    /** {@code claims} signed with this provider's key (RS256), as its JWKS publishes it. */
    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code claims} signed HS256 with the client secret: an algorithm the connection does not take. */
    public String signWithClientSecret(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token endpoint answers {@code code}, once, with {@code idToken} for this login's PKCE and redirect URI. */
    public void willAnswer(String code, Authorization login, String idToken) {
        grants.put(code, new Grant(idToken, login.codeChallenge(), login.redirectUri()));
    }

    /** The token endpoint answers every request with this body (200, JSON) instead; null: as usual. */
    public void answerTokenRequestsWith(String body) {
        this.tokenAnswerOverride = body;
    }

    /** The token endpoint answers every request with a redirect to {@code /elsewhere}. */
    public void redirectTokenRequests(boolean value) {
        this.redirectTokenRequests = value;
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Requests that reached {@code /elsewhere}, where only a followed redirect leads. */
    public int elsewhereHits() {
        return elsewhereHits.get();
    }

    private void jwks(HttpExchange exchange) throws IOException {
        jwksFetches.incrementAndGet();
        answer(exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString());
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (redirectTokenRequests) {
            exchange.getResponseHeaders().add("Location", baseUrl() + "/elsewhere");
            answer(exchange, 302, "text/plain", "");
            return;
        }
        if (tokenAnswerOverride != null) {
            answer(exchange, 200, "application/json", tokenAnswerOverride);
            return;
        }
        Map<String, String> form = query(body);
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Grant grant = form.get("code") == null ? null : grants.remove(form.get("code"));
        if (!"POST".equals(exchange.getRequestMethod())
                || !basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !"authorization_code".equals(form.get("grant_type"))
                || grant == null
                || !grant.redirectUri().equals(form.get("redirect_uri"))
                || !grant.codeChallenge().equals(s256(form.get("code_verifier")))) {
            answer(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        answer(
                exchange,
                200,
                "application/json",
                "{\"access_token\":\"access-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"id_token\":\""
                        + grant.idToken() + "\"}");
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return "";
        }
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : List.of(raw.split("&"))) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
