package io.latchkey.server.testing;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.w3c.dom.Document;

/**
 * SAML logins against a {@link TestServer} with a {@link SamlIdp}: an active connection, the
 * browser's start redirect (followed by hand, so each hop can be read or tampered with), the
 * response posted to the ACS, and the SSO token the application receives. Thread-safe as far as
 * the server and IdP are.
 */
public final class SamlLogins {
    private static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final TestServer server;
    private final ApiClient client;
    private final SamlIdp idp;

    public SamlLogins(TestServer server, SamlIdp idp) {
        this(server, idp, server.client());
    }

    /** Logins whose connections are made in the project {@code client} is authenticated as. */
    public SamlLogins(TestServer server, SamlIdp idp, ApiClient client) {
        this.server = server;
        this.client = client;
        this.idp = idp;
        // The server judges an assertion's times by its clock: the IdP stamps them from it.
        idp.useClock(server.serverClock());
    }

    /** An organization with an active SAML connection to the IdP. */
    public record Setup(String orgId, String connectionId, String acsUrl) {}

    public Setup activeConnection(
            String orgName, Map<String, Object> orgSettings, Map<String, Object> connectionSettings) {
        ApiResponse org = client.post("/v1/b2b/organizations", json("organization_name", orgName));
        assertThat(org.status()).as(org.rawBody()).isEqualTo(200);
        String orgId = org.body().path("organization").path("organization_id").asText();
        if (!orgSettings.isEmpty()) {
            ApiResponse u = client.put("/v1/b2b/organizations/" + orgId, orgSettings);
            assertThat(u.status()).as(u.rawBody()).isEqualTo(200);
        }
        ApiResponse created = client.post("/v1/b2b/sso/saml/" + orgId, json("display_name", "Acme SAML"));
        String id = created.body().path("connection").path("connection_id").asText();
        Map<String, Object> settings = new java.util.LinkedHashMap<>(json(
                "idp_entity_id",
                idp.entityId,
                "idp_sso_url",
                idp.ssoUrl,
                "x509_certificate",
                idp.certificatePem(),
                "attribute_mapping",
                Map.of(
                        "email", "email",
                        "full_name", "name",
                        "first_name", "givenName",
                        "last_name", "sn",
                        "groups", "groups")));
        settings.putAll(connectionSettings);
        ApiResponse updated = client.put("/v1/b2b/sso/saml/" + orgId + "/connections/" + id, settings);
        assertThat(updated.body().path("connection").path("status").asText())
                .as(updated.rawBody())
                .isEqualTo("active");
        return new Setup(
                orgId, id, updated.body().path("connection").path("acs_url").asText());
    }

    /** The start URL of the browser flow for this connection. */
    public String startUrl(Setup s, String extraQuery) {
        return server.baseUrl() + "/v1/public/sso/start?public_token=" + server.publicToken() + "&connection_id="
                + s.connectionId() + extraQuery;
    }

    /** The browser at the start URL: the AuthnRequest the IdP receives. */
    public SamlIdp.Request start(Setup s) throws Exception {
        return start(s, "");
    }

    public SamlIdp.Request start(Setup s, String extraQuery) throws Exception {
        HttpResponse<String> r = get(startUrl(s, extraQuery));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return SamlIdp.request(r.headers().firstValue("Location").orElseThrow());
    }

    /** The browser posting {@code response} to the connection's ACS. */
    public HttpResponse<String> post(Setup s, Document response) throws Exception {
        return postEncoded(s, SamlIdp.encode(response));
    }

    public HttpResponse<String> postEncoded(Setup s, String samlResponse) throws Exception {
        return postTo(server.baseUrl(), s, samlResponse);
    }

    /** The same, at another node's base URL. */
    public HttpResponse<String> postTo(String baseUrl, Setup s, String samlResponse) throws Exception {
        return BROWSER.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v1/b2b/sso/callback/" + s.connectionId()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("SAMLResponse="
                                + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8) + "&RelayState="))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An IdP-initiated login of {@code email}: a signed response that answers no request (no
     * InResponseTo), posted to the connection's ACS.
     */
    public HttpResponse<String> postUnsolicited(Setup s, String email) throws Exception {
        Document d = idp.document(idp.spec(s.acsUrl(), null, email));
        idp.signAssertion(d);
        return post(s, d);
    }

    /** The whole browser flow for {@code email}, the assertion signed: the SSO token the application gets. */
    public String login(Setup s, String email) throws Exception {
        SamlIdp.Request req = start(s);
        Document d = idp.document(idp.spec(s.acsUrl(), req.id(), email));
        idp.signAssertion(d);
        return tokenOf(post(s, d));
    }

    /** The SSO token in the ACS's redirect to the application. */
    public static String tokenOf(HttpResponse<String> acs) {
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
        String location = acs.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("stytch_token_type=sso&token=");
        return location.substring(location.indexOf("token=", location.indexOf("stytch_token_type")) + 6);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return BROWSER.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
