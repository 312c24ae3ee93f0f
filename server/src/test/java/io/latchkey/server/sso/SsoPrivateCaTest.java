package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import io.latchkey.server.App;
import io.latchkey.server.core.Cidr;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LocalOidcProvider;
import io.latchkey.server.testing.LocalOidcProvider.Authorization;
import io.latchkey.server.testing.OidcConnections;
import io.latchkey.server.testing.SamlIdp;
import io.latchkey.server.testing.TestCa;
import io.latchkey.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A self-hosted IdP as installations run them: on the operator's own network (here loopback),
 * over https with a certificate from the operator's own CA. A production-mode server that allows
 * that network (LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS) and trusts that CA (LATCHKEY_SSO_CA_FILE)
 * completes a whole OIDC login against it (start, callback, {@code sso.authenticate}, a session)
 * and fetches SAML metadata from it; a node of the same installation without the CA fails the TLS
 * handshake, one without the network allowance refuses to connect, and the host name is still
 * checked against the certificate. The JWKS is refused at the callback when it redirects, is too
 * large, or holds a key that did not sign the token.
 */
class SsoPrivateCaTest {
    static final TestCa CA = TestCa.create("Latchkey Test Private CA");
    /** The provider's certificate names {@code localhost} only. */
    static final LocalOidcProvider IDP = LocalOidcProvider.overHttps(CA.serverContext("localhost"), "localhost");

    /** Loopback of both families: {@code localhost} may resolve to ::1 as well as 127.0.0.1. */
    static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    @RegisterExtension
    static final TestServer server = TestServer.perClass(o -> o.withDevMode(false)
            .withSsoAllowedPrivateNetworks(LOOPBACK)
            .withSsoCaCertificates(List.of(CA.certificate())));

    static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger CODES = new AtomicInteger();

    static ApiClient client;

    @BeforeAll
    static void start() {
        client = server.client();
        assertThat(IDP.baseUrl()).startsWith("https://localhost:");
    }

    @AfterAll
    static void stop() {
        IDP.close();
    }

    static String newOrg(String name) {
        return OidcConnections.organization(client, name, Map.of());
    }

    record Setup(String orgId, String id) {}

    /** An active OIDC connection to the provider, whose token endpoint and JWKS are at these URLs. */
    static Setup connection(String orgName, String tokenUrl, String jwksUrl) {
        String org = newOrg(orgName);
        OidcConnections.Provider at = OidcConnections.Provider.of(IDP).at(tokenUrl, jwksUrl);
        return new Setup(org, OidcConnections.active(client, org, "Own CA IdP", at));
    }

    static Setup connection(String orgName) {
        return connection(orgName, IDP.tokenUrl(), IDP.jwksUrl());
    }

    static HttpResponse<String> browse(String url) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /v1/public/sso/start} on the test server, and what it asked the provider for. */
    static Authorization begin(Setup s) throws Exception {
        HttpResponse<String> start = browse(server.baseUrl() + "/v1/public/sso/start?public_token="
                + server.publicToken() + "&connection_id=" + s.id());
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(IDP.authorizationUrl() + "?");
        return LocalOidcProvider.authorization(authorize);
    }

    /** The provider's next code answers a good ID token for {@code email}; the browser brings it to {@code base}. */
    static HttpResponse<String> callback(String base, Setup s, Authorization login, String email) throws Exception {
        String code = "code-" + CODES.incrementAndGet();
        IDP.willAnswer(code, login, IDP.sign(IDP.claims(login, email).build()));
        return browse(base + "/v1/b2b/sso/callback/" + s.id() + "?code=" + code + "&state="
                + URLEncoder.encode(login.state(), StandardCharsets.UTF_8));
    }

    static String errorType(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return JSON.readTree(r.body()).path("error_type").asText();
    }

    @Test
    void aWholeOidcLoginAgainstAnIdpWithACertificateOfTheOperatorsCa() throws Exception {
        Setup s = connection("Own CA Co");
        int tokenRequests = IDP.tokenRequests();
        int jwksFetches = IDP.jwksFetches();
        HttpResponse<String> back = callback(server.baseUrl(), s, begin(s), "ada@own-ca.test");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(IDP.tokenRequests()).isEqualTo(tokenRequests + 1);
        assertThat(IDP.jwksFetches()).isEqualTo(jwksFetches + 1);
        String redirect = back.headers().firstValue("Location").orElseThrow();
        assertThat(redirect).startsWith(TestServer.REDIRECT_URL + "?stytch_token_type=sso&token=");
        String token = redirect.substring(redirect.lastIndexOf("token=") + 6);

        ApiResponse authenticated = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(authenticated.status()).as(authenticated.rawBody()).isEqualTo(200);
        JsonNode b = authenticated.body();
        assertThat(b.path("member").path("email_address").asText()).isEqualTo("ada@own-ca.test");
        assertThat(b.path("member_session")
                        .path("authentication_factors")
                        .get(0)
                        .path("delivery_method")
                        .asText())
                .isEqualTo("sso_oidc");
        String session = b.path("session_token").asText();
        assertThat(session).isNotEmpty();
        ApiResponse checked = client.post("/v1/b2b/sessions/authenticate", json("session_token", session));
        assertThat(checked.status()).as(checked.rawBody()).isEqualTo(200);
        assertThat(checked.body().path("member").path("email_address").asText()).isEqualTo("ada@own-ca.test");
    }

    @Test
    void aNodeWithoutTheCaFailsTheHandshakeAndNeverReachesTheTokenEndpoint() throws Exception {
        Setup s = connection("Own CA Untrusted Co");
        App node = server.startNode(o -> o.withSsoCaCertificates(List.of()));
        int tokenRequests = IDP.tokenRequests();
        HttpResponse<String> r = callback(TestServer.baseUrlOf(node), s, begin(s), "eve@own-ca.test");
        assertThat(errorType(r)).isEqualTo("invalid_oidc_response");
        assertThat(IDP.tokenRequests()).isEqualTo(tokenRequests);
    }

    @Test
    void aNodeWithoutTheNetworkAllowanceRefusesTheIdpBeforeConnecting() throws Exception {
        Setup s = connection("Own CA Other Network Co");
        App node = server.startNode(o -> o.withSsoAllowedPrivateNetworks(List.of()));
        int tokenRequests = IDP.tokenRequests();
        HttpResponse<String> r = callback(TestServer.baseUrlOf(node), s, begin(s), "eve@own-ca.test");
        assertThat(errorType(r)).isEqualTo("invalid_token_url");
        assertThat(IDP.tokenRequests()).isEqualTo(tokenRequests);
    }

    @Test
    void theHostNameIsStillCheckedAgainstTheCertificate() throws Exception {
        // The same server at an address its certificate does not name: trusted CA, wrong host.
        String byAddress = IDP.tokenUrl().replace("https://localhost:", "https://127.0.0.1:");
        Setup s = connection("Own CA Wrong Host Co", byAddress, IDP.jwksUrl());
        int tokenRequests = IDP.tokenRequests();
        assertThat(errorType(callback(server.baseUrl(), s, begin(s), "eve@own-ca.test")))
                .isEqualTo("invalid_oidc_response");
        assertThat(IDP.tokenRequests()).isEqualTo(tokenRequests);
    }

    @Test
    void aJwksThatRedirectsIsRefusedAtTheCallbackAndTheRedirectIsNotFollowed() throws Exception {
        Setup s = connection("Jwks Redirect Co", IDP.tokenUrl(), IDP.redirect("jwks-moved", IDP.elsewhereUrl()));
        int elsewhere = IDP.elsewhereHits();
        int tokenRequests = IDP.tokenRequests();
        assertThat(errorType(callback(server.baseUrl(), s, begin(s), "jwks-redirect@own-ca.test")))
                .isEqualTo("id_token_invalid");
        assertThat(IDP.tokenRequests()).as("the token endpoint answered").isEqualTo(tokenRequests + 1);
        assertThat(IDP.elsewhereHits()).isEqualTo(elsewhere);
    }

    @Test
    void aJwksLargerThanTheCapIsRefusedAtTheCallback() throws Exception {
        String keys = new JWKSet(LocalOidcProvider.anotherKeyWithTheSameId().toPublicJWK()).toString();
        String large = keys.substring(0, keys.length() - 1) + ",\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";
        Setup s = connection("Jwks Large Co", IDP.tokenUrl(), IDP.serve("jwks-large.json", "application/json", large));
        assertThat(errorType(callback(server.baseUrl(), s, begin(s), "jwks-large@own-ca.test")))
                .isEqualTo("id_token_invalid");
    }

    @Test
    void aJwksWhoseKeyDidNotSignTheTokenIsRefusedAtTheCallback() throws Exception {
        // The same key id as the provider's signing key, another key.
        String other = new JWKSet(LocalOidcProvider.anotherKeyWithTheSameId().toPublicJWK()).toString();
        Setup s = connection(
                "Jwks Other Key Co", IDP.tokenUrl(), IDP.serve("jwks-other.json", "application/json", other));
        HttpResponse<String> r = callback(server.baseUrl(), s, begin(s), "jwks-other@own-ca.test");
        assertThat(errorType(r)).isEqualTo("id_token_invalid");
        ApiResponse members = client.post(
                "/v1/b2b/organizations/members/search", json("organization_ids", List.of(s.orgId()), "limit", 100));
        assertThat(members.status()).as(members.rawBody()).isEqualTo(200);
        assertThat(members.body().path("members"))
                .as("the refused login created no member")
                .isEmpty();
    }

    @Test
    void samlMetadataIsFetchedFromTheIdpOverHttpsWithTheOperatorsCa() {
        SamlIdp saml = SamlIdp.create();
        String good = IDP.serve("metadata.xml", "application/samlmetadata+xml", saml.metadataXml());
        String org = newOrg("Own CA Metadata Co");
        String id = SsoPrivateTargetsTest.newSaml(client, org);
        String path = "/v1/b2b/sso/saml/" + org + "/connections/" + id + "/url";
        ApiResponse r = client.put(path, json("metadata_url", good));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode c = r.body().path("connection");
        assertThat(c.path("idp_entity_id").asText()).isEqualTo(saml.entityId);
        assertThat(c.path("idp_sso_url").asText()).isEqualTo(saml.ssoUrl);
        assertThat(c.path("verification_certificates")).hasSize(1);

        // Metadata that is not well-formed XML is refused with Stytch's name for it.
        String xml = saml.metadataXml();
        String broken = IDP.serve("broken.xml", "application/xml", xml.substring(0, xml.length() / 2));
        assertError(client.put(path, json("metadata_url", broken)), 400, "invalid_xml_from_saml_metadata_url");
        String notXml = IDP.serve("not-xml.xml", "application/xml", "{\"metadata\": \"json, not xml\"}");
        assertError(client.put(path, json("metadata_url", notXml)), 400, "invalid_xml_from_saml_metadata_url");
        // A document type (the way to XXE and entity expansion) is refused before parsing.
        String withDtd = IDP.serve(
                "dtd.xml",
                "application/xml",
                "<?xml version=\"1.0\"?><!DOCTYPE md [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + xml);
        assertError(client.put(path, json("metadata_url", withDtd)), 400, "invalid_xml_from_saml_metadata_url");
        // The refusals changed nothing.
        JsonNode after =
                client.get("/v1/b2b/sso/" + org).body().path("saml_connections").get(0);
        assertThat(after.path("idp_entity_id").asText()).isEqualTo(saml.entityId);
    }
}
