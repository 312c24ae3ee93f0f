package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.App;
import io.latchkey.server.core.Cidr;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An SSO connection's IdP endpoints as a way into the server's network, on production-mode
 * servers: internal hosts refused when a connection names them and when a login calls them,
 * unless the operator allowed their network (LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS); the SAML
 * metadata fetch goes through the same guard. Nothing here listens on anything but loopback.
 */
class SsoPrivateTargetsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Production, no private network allowed. */
    static TestServer strict;
    /** Production, loopback allowed as the operator's own network. */
    static TestServer allowing;
    /** Accepts TCP connections on loopback and closes them at once, counting them. */
    static ServerSocket acceptor;

    static final AtomicInteger ACCEPTED = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        strict = TestServer.start(o -> o.withDevMode(false));
        allowing = TestServer.start(
                o -> o.withDevMode(false).withSsoAllowedPrivateNetworks(List.of(Cidr.parse("127.0.0.0/8"))));
        acceptor = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(
                () -> {
                    while (!acceptor.isClosed()) {
                        try (Socket s = acceptor.accept()) {
                            ACCEPTED.incrementAndGet();
                        } catch (IOException e) {
                            // closed
                        }
                    }
                },
                "loopback-acceptor");
        accepting.setDaemon(true);
        accepting.start();
    }

    @AfterAll
    static void stop() throws IOException {
        acceptor.close();
        allowing.close();
        strict.close();
    }

    static String newOrg(ApiClient client, String name) {
        ApiResponse r = client.post("/v1/b2b/organizations", json("organization_name", name));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        return r.body().path("organization").path("organization_id").asText();
    }

    static String newOidc(ApiClient client, String org) {
        return client.post("/v1/b2b/sso/oidc/" + org, json("display_name", "IdP"))
                .body()
                .path("connection")
                .path("connection_id")
                .asText();
    }

    static Map<String, Object> endpoints(String base) {
        return json(
                "client_id",
                "client-1",
                "client_secret",
                "secret-1",
                "issuer",
                base,
                "authorization_url",
                base + "/authorize",
                "token_url",
                base + "/token",
                "userinfo_url",
                base + "/userinfo",
                "jwks_url",
                base + "/jwks");
    }

    static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("issuer", "invalid_issuer");
        FIELDS.put("authorization_url", "invalid_authorization_url");
        FIELDS.put("token_url", "invalid_token_url");
        FIELDS.put("userinfo_url", "invalid_userinfo_url");
        FIELDS.put("jwks_url", "invalid_jwks_url");
    }

    static final List<String> INTERNAL_HOSTS = List.of(
            "127.0.0.1",
            "127.0.0.1:8443",
            "localhost",
            "10.0.0.5",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "[::]",
            "[::1]",
            "[fd00::1]",
            "[fe80::1]",
            "[::ffff:127.0.0.1]",
            "[::ffff:a9fe:a9fe]",
            "[64:ff9b::a9fe:a9fe]");

    @Test
    void everyIdpEndpointOnAnInternalHostIsRefusedWhenTheConnectionIsUpdated() {
        ApiClient client = strict.client();
        String org = newOrg(client, "Internal Targets Co");
        String id = newOidc(client, org);
        String path = "/v1/b2b/sso/oidc/" + org + "/connections/" + id;
        for (Map.Entry<String, String> field : FIELDS.entrySet()) {
            for (String host : INTERNAL_HOSTS) {
                assertError(client.put(path, json(field.getKey(), "https://" + host + "/x")), 400, field.getValue());
            }
        }
        JsonNode c =
                client.get("/v1/b2b/sso/" + org).body().path("oidc_connections").get(0);
        for (String field : FIELDS.keySet()) {
            assertThat(c.path(field).asText()).as(field).isEmpty();
        }
        // The connection is looked up before any host is: another organization's is not found.
        String other = newOrg(client, "Internal Targets Other Co");
        assertError(
                client.put("/v1/b2b/sso/oidc/" + other + "/connections/" + id, json("token_url", "https://10.0.0.5/")),
                404,
                "sso_connection_not_found");
    }

    @Test
    void aHostThatDoesNotResolveYetIsAcceptedAndCheckedAgainAtTheCall() throws Exception {
        ApiClient client = strict.client();
        String org = newOrg(client, "Unresolved Co");
        String id = newOidc(client, org);
        ApiResponse r = client.put(
                "/v1/b2b/sso/oidc/" + org + "/connections/" + id, endpoints("https://idp.not-yet-there.test"));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        assertThat(r.body().path("connection").path("status").asText()).isEqualTo("active");
        HttpResponse<String> callback = callbackAt(strict, strict.baseUrl(), id);
        assertThat(errorType(callback)).isEqualTo("invalid_oidc_response");
    }

    @Test
    void anAllowedPrivateNetworkIsAcceptedWhenConfiguredAndCalledWhileOthersStayRefused() throws Exception {
        ApiClient client = allowing.client();
        String org = newOrg(client, "Own Network Co");
        String id = newOidc(client, org);
        String path = "/v1/b2b/sso/oidc/" + org + "/connections/" + id;
        assertError(client.put(path, json("token_url", "https://10.0.0.5/token")), 400, "invalid_token_url");
        assertError(client.put(path, json("jwks_url", "https://[::1]/jwks")), 400, "invalid_jwks_url");
        assertError(client.put(path, json("token_url", "http://127.0.0.1/token")), 400, "invalid_token_url");
        String base = "https://127.0.0.1:" + acceptor.getLocalPort();
        ApiResponse r = client.put(path, endpoints(base));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        assertThat(r.body().path("connection").path("status").asText()).isEqualTo("active");

        // The login calls the token endpoint there: the connection is made (the acceptor hangs up,
        // so TLS fails and the IdP's answer is missing, not refused).
        int before = ACCEPTED.get();
        HttpResponse<String> called = callbackAt(allowing, allowing.baseUrl(), id);
        assertThat(errorType(called)).isEqualTo("invalid_oidc_response");
        assertThat(ACCEPTED.get()).isGreaterThan(before);

        // A node of the same installation without the allowance refuses the call and connects nowhere.
        App node = allowing.startNode(o -> o.withSsoAllowedPrivateNetworks(List.of()));
        int beforeNode = ACCEPTED.get();
        HttpResponse<String> refused = callbackAt(allowing, TestServer.baseUrlOf(node), id);
        assertThat(errorType(refused)).isEqualTo("invalid_token_url");
        assertThat(ACCEPTED.get()).isEqualTo(beforeNode);
    }

    @Test
    void theSamlMetadataFetchGoesThroughTheSameGuard() {
        String path = "https://127.0.0.1:" + acceptor.getLocalPort() + "/metadata";
        ApiClient strictClient = strict.client();
        String org = newOrg(strictClient, "Metadata Strict Co");
        String id = newSaml(strictClient, org);
        int before = ACCEPTED.get();
        assertError(
                strictClient.put("/v1/b2b/sso/saml/" + org + "/connections/" + id + "/url", json("metadata_url", path)),
                400,
                "invalid_saml_metadata_url");
        assertThat(ACCEPTED.get()).isEqualTo(before);

        ApiClient client = allowing.client();
        String allowedOrg = newOrg(client, "Metadata Own Network Co");
        String allowedId = newSaml(client, allowedOrg);
        assertError(
                client.put(
                        "/v1/b2b/sso/saml/" + allowedOrg + "/connections/" + allowedId + "/url",
                        json("metadata_url", path)),
                400,
                "idp_metadata_unavailable");
        assertThat(ACCEPTED.get()).isGreaterThan(before);
    }

    static String newSaml(ApiClient client, String org) {
        ApiResponse r = client.post("/v1/b2b/sso/saml/" + org, json("display_name", "SAML IdP"));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        return r.body().path("connection").path("connection_id").asText();
    }

    /** A login started on {@code server} and its callback brought to {@code callbackBase}. */
    static HttpResponse<String> callbackAt(TestServer server, String callbackBase, String connectionId)
            throws Exception {
        HttpResponse<String> start = BROWSER.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/public/sso/start?public_token="
                                + server.publicToken() + "&connection_id=" + connectionId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        String query =
                URI.create(start.headers().firstValue("Location").orElseThrow()).getRawQuery();
        String state = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("state=")) {
                state = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        assertThat(state).isNotNull();
        return BROWSER.send(
                HttpRequest.newBuilder(URI.create(callbackBase + "/v1/b2b/sso/callback/" + connectionId
                                + "?code=code-1&state=" + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String errorType(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return JSON.readTree(r.body()).path("error_type").asText();
    }
}
