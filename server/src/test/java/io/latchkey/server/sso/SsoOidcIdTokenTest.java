package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LocalOidcProvider;
import io.latchkey.server.testing.LocalOidcProvider.Authorization;
import io.latchkey.server.testing.OidcConnections;
import io.latchkey.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ID-token checks of the OIDC login, against an OIDC provider in this test whose tokens are
 * made by hand: the refusals a ready-made test IdP cannot provoke (another audience, expired
 * beyond the skew, another issuer, no {@code email_verified}, another algorithm), and what the
 * guarded client does with the token endpoint's answer (no redirect followed, a size cap) and the
 * JWKS (fetched once per connection, then cached). The browser's part is played here: the state
 * and nonce are read from the redirect to the provider, and the callback is called with a code.
 */
class SsoOidcIdTokenTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger CODES = new AtomicInteger();

    static LocalOidcProvider idp;
    static ApiClient client;

    @BeforeAll
    static void start() {
        idp = new LocalOidcProvider();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    /** An organization with an active OIDC connection to the local provider: its connection id. */
    static String connection(String orgName) {
        String orgId = OidcConnections.organization(client, orgName, Map.of());
        return OidcConnections.active(client, orgId, "Local IdP", OidcConnections.Provider.of(idp));
    }

    static HttpResponse<String> browse(String url) throws Exception {
        return BROWSER.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /v1/public/sso/start}, and what Latchkey asked the provider for. */
    static Authorization begin(String connectionId) throws Exception {
        HttpResponse<String> start = browse(server.baseUrl() + "/v1/public/sso/start?public_token="
                + server.publicToken() + "&connection_id=" + connectionId);
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(idp.authorizationUrl() + "?");
        Authorization login = LocalOidcProvider.authorization(authorize);
        assertThat(login.clientId()).isEqualTo(LocalOidcProvider.CLIENT_ID);
        assertThat(login.state()).isNotBlank();
        assertThat(login.nonce()).isNotBlank();
        assertThat(login.codeChallenge()).isNotBlank();
        return login;
    }

    /** The provider answers the next code with {@code idToken}; the browser comes back with it. */
    static HttpResponse<String> callback(String connectionId, Authorization login, String idToken) throws Exception {
        String code = "code-" + CODES.incrementAndGet();
        idp.willAnswer(code, login, idToken);
        return browse(server.baseUrl() + "/v1/b2b/sso/callback/" + connectionId + "?code=" + code + "&state="
                + URLEncoder.encode(login.state(), StandardCharsets.UTF_8));
    }

    static String errorType(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status_code").asInt()).isEqualTo(400);
        assertThat(body.path("error_message").asText()).isNotBlank();
        return body.path("error_type").asText();
    }

    static Date secondsFromNow(long seconds) {
        return Date.from(Instant.now().plusSeconds(seconds));
    }

    @Test
    void aGoodIdTokenLogsTheMemberIn() throws Exception {
        String id = connection("Good Token Co");
        Authorization login = begin(id);
        HttpResponse<String> r =
                callback(id, login, idp.sign(idp.claims(login, "good@oidc.test").build()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        String redirect = r.headers().firstValue("Location").orElseThrow();
        assertThat(redirect).startsWith(TestServer.REDIRECT_URL + "?stytch_token_type=sso&token=");
        String token = redirect.substring(redirect.lastIndexOf("token=") + 6);
        ApiResponse authenticated = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(authenticated.status()).as(authenticated.rawBody()).isEqualTo(200);
        assertThat(authenticated.body().path("member").path("email_address").asText())
                .isEqualTo("good@oidc.test");
        assertThat(authenticated.body().path("member").path("name").asText()).isEqualTo("Ada Lovelace");
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() throws Exception {
        String id = connection("Audience Co");
        Authorization login = begin(id);
        JWTClaimsSet claims =
                idp.claims(login, "aud@oidc.test").audience("another-client").build();
        assertThat(errorType(callback(id, login, idp.sign(claims)))).isEqualTo("id_token_incorrect_audience");
    }

    @Test
    void anIdTokenExpiredBeyondTheClockSkewIsRefused() throws Exception {
        String id = connection("Expired Co");
        Authorization login = begin(id);
        JWTClaimsSet claims = idp.claims(login, "old@oidc.test")
                .issueTime(secondsFromNow(-3600))
                .expirationTime(secondsFromNow(-120))
                .build();
        assertThat(errorType(callback(id, login, idp.sign(claims)))).isEqualTo("id_token_expired");
    }

    @Test
    void anIdTokenExpiredWithinTheClockSkewIsAccepted() throws Exception {
        String id = connection("Skew Co");
        Authorization login = begin(id);
        JWTClaimsSet claims = idp.claims(login, "skew@oidc.test")
                .issueTime(secondsFromNow(-600))
                .expirationTime(secondsFromNow(-5))
                .build();
        HttpResponse<String> r = callback(id, login, idp.sign(claims));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
        String id = connection("Issuer Co");
        Authorization login = begin(id);
        JWTClaimsSet claims = idp.claims(login, "iss@oidc.test")
                .issuer("https://idp.other.test")
                .build();
        assertThat(errorType(callback(id, login, idp.sign(claims)))).isEqualTo("id_token_invalid");
    }

    @Test
    void anIdTokenWithoutEmailVerifiedIsRefused() throws Exception {
        String id = connection("Unverified Co");
        Authorization login = begin(id);
        JWTClaimsSet.Builder without = new JWTClaimsSet.Builder();
        idp.claims(login, "unverified@oidc.test").build().getClaims().forEach((name, value) -> {
            if (!name.equals("email_verified")) {
                without.claim(name, value);
            }
        });
        JWTClaimsSet claims = without.build();
        assertThat(claims.getClaims()).doesNotContainKey("email_verified").containsKey("email");
        assertThat(errorType(callback(id, login, idp.sign(claims)))).isEqualTo("id_token_invalid");
    }

    @Test
    void anIdTokenSignedWithTheClientSecretInsteadOfTheIdpsKeyIsRefused() throws Exception {
        String id = connection("Algorithm Co");
        Authorization login = begin(id);
        String hs256 =
                idp.signWithClientSecret(idp.claims(login, "hs@oidc.test").build());
        assertThat(errorType(callback(id, login, hs256))).isEqualTo("id_token_invalid");
    }

    @Test
    void theJwksIsFetchedOnceForManyLoginsThroughAConnection() throws Exception {
        String id = connection("Jwks Cache Co");
        int before = idp.jwksFetches();
        for (int i = 0; i < 3; i++) {
            Authorization login = begin(id);
            HttpResponse<String> r = callback(
                    id, login, idp.sign(idp.claims(login, "cache@oidc.test").build()));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        }
        assertThat(idp.jwksFetches() - before).isEqualTo(1);
    }

    @Test
    void aRedirectFromTheTokenEndpointIsNotFollowed() throws Exception {
        String id = connection("Redirect Co");
        Authorization login = begin(id);
        idp.redirectTokenRequests(true);
        try {
            HttpResponse<String> r = callback(
                    id, login, idp.sign(idp.claims(login, "r@oidc.test").build()));
            assertThat(errorType(r)).isEqualTo("invalid_oidc_response");
        } finally {
            idp.redirectTokenRequests(false);
        }
        assertThat(idp.elsewhereHits()).isZero();
    }

    @Test
    void aTokenAnswerLargerThanTheCapIsRefused() throws Exception {
        String id = connection("Large Answer Co");
        Authorization login = begin(id);
        String padding = "x".repeat(128 * 1024);
        idp.answerTokenRequestsWith("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"id_token\":\""
                + idp.sign(idp.claims(login, "big@oidc.test").build()) + "\",\"padding\":\"" + padding + "\"}");
        try {
            assertThat(errorType(callback(id, login, "unused"))).isEqualTo("invalid_oidc_response");
        } finally {
            idp.answerTokenRequestsWith(null);
        }
    }

    @Test
    void theProviderRefusesACodeWithoutTheRightVerifierSoTheHarnessChecksPkce() throws Exception {
        String id = connection("Harness Co");
        Authorization login = begin(id);
        // Answer for another login's challenge: the verifier Latchkey sends does not match it.
        Authorization other = begin(id);
        String code = "code-" + CODES.incrementAndGet();
        idp.willAnswer(code, other, idp.sign(idp.claims(login, "pkce@oidc.test").build()));
        HttpResponse<String> r = browse(server.baseUrl() + "/v1/b2b/sso/callback/" + id + "?code=" + code + "&state="
                + URLEncoder.encode(login.state(), StandardCharsets.UTF_8));
        assertThat(errorType(r)).isEqualTo("invalid_oidc_response");
    }
}
