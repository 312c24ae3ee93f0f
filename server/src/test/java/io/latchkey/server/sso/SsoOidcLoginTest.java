package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.core.Environment;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.RedirectUrl;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.OidcConnections;
import io.latchkey.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OIDC login end to end against an OIDC provider running in this JVM (mock-oauth2-server):
 * the browser's redirects are followed by hand, so every hop can be inspected or tampered with.
 */
class SsoOidcLoginTest {
    static final String ISSUER = "acme";
    static final String CLIENT_ID = "latchkey-client";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static final ObjectMapper JSON = new ObjectMapper();

    static ApiClient client;
    static MockOAuth2Server idp;
    static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        client = server.client();
        idp = new MockOAuth2Server();
        idp.start();
    }

    @AfterAll
    static void stop() {
        idp.shutdown();
    }

    record Setup(String orgId, String connectionId) {}

    static Setup activeConnection(String orgName, Map<String, Object> orgSettings) {
        String orgId = OidcConnections.organization(client, orgName, orgSettings);
        OidcConnections.Provider provider = OidcConnections.Provider.of(idp, ISSUER, CLIENT_ID, "client-secret-value");
        return new Setup(orgId, OidcConnections.active(client, orgId, "Acme IdP", provider));
    }

    static void idpWillSay(String email, boolean verified) {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(
                ISSUER,
                "subject-" + email,
                "JWT",
                null,
                Map.of("email", email, "email_verified", verified, "name", "Ada Lovelace"),
                3600));
    }

    static HttpResponse<String> browse(String url) throws Exception {
        return BROWSER.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String location(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }

    /** Our callback as the IdP names it (LATCHKEY_BASE_URL has no port in tests), on the test server. */
    static String onServer(String url) {
        return url.replace("http://127.0.0.1/", server.baseUrl() + "/");
    }

    static String startUrl(Setup s, String extra) {
        return server.baseUrl() + "/v1/public/sso/start?public_token=" + server.publicToken() + "&connection_id="
                + s.connectionId() + extra;
    }

    /** Start, the IdP, and the callback: the application's redirect with the SSO token. */
    static String loginAtIdp(Setup s, String extra) throws Exception {
        String authorize = location(browse(startUrl(s, extra)));
        String callback = location(browse(authorize));
        return location(browse(onServer(callback)));
    }

    static String tokenOf(String appRedirect) {
        assertThat(appRedirect).contains("stytch_token_type=sso&token=");
        return appRedirect.substring(appRedirect.indexOf("token=", appRedirect.indexOf("stytch_token_type")) + 6);
    }

    @Test
    void organizationSearchFindsOrganizationsByTheirActiveSsoConnection() {
        Setup sso = activeConnection("Searchable by SSO", Map.of());
        String plain = client.post("/v1/b2b/organizations", json("organization_name", "No SSO here"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();

        assertThat(searchIds("sso_connection_id", sso.connectionId())).containsExactly(sso.orgId());
        assertThat(searchIds("sso_connection_id", "oidc-connection-test-00000000-0000-4000-8000-000000000000"))
                .isEmpty();
        assertThat(searchIds("has_active_sso_connection", true))
                .contains(sso.orgId())
                .doesNotContain(plain);
        assertThat(searchIds("has_active_sso_connection", false))
                .contains(plain)
                .doesNotContain(sso.orgId());
    }

    private static java.util.List<String> searchIds(String filter, Object value) {
        ApiResponse found = client.post(
                "/v1/b2b/organizations/search",
                json(
                        "limit",
                        1000,
                        "query",
                        Map.of(
                                "operator",
                                "AND",
                                "operands",
                                java.util.List.of(Map.of("filter_name", filter, "filter_value", value)))));
        assertThat(found.status()).as(found.rawBody()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        found.body()
                .path("organizations")
                .forEach(o -> ids.add(o.path("organization_id").asText()));
        return ids;
    }

    @Test
    void memberLogsInThroughTheIdpAndTheTokenIsRedeemedOnce() throws Exception {
        Setup s = activeConnection("Oidc Co", Map.of());
        idpWillSay("ada@oidc.test", true);
        String authorize = location(browse(startUrl(s, "")));
        assertThat(authorize)
                .startsWith(idp.authorizationEndpointUrl(ISSUER).toString())
                .contains("state=")
                .contains("nonce=")
                .contains("code_challenge=")
                .contains("code_challenge_method=S256")
                .contains("client_id=" + CLIENT_ID);
        String appRedirect = location(browse(onServer(location(browse(authorize)))));
        assertThat(appRedirect).startsWith(TestServer.REDIRECT_URL + "?stytch_token_type=sso&token=");
        String token = tokenOf(appRedirect);

        ApiResponse r = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.path("member_authenticated").asBoolean()).isTrue();
        assertThat(b.path("organization_id").asText()).isEqualTo(s.orgId());
        assertThat(b.path("member").path("email_address").asText()).isEqualTo("ada@oidc.test");
        assertThat(b.path("member").path("name").asText())
                .as("a member created at its first SSO login is named as the ID token says")
                .isEqualTo("Ada Lovelace");
        assertThat(b.path("session_token").asText()).isNotEmpty();
        assertThat(b.path("member_session")
                        .path("authentication_factors")
                        .get(0)
                        .path("type")
                        .asText())
                .isEqualTo("sso");
        assertThat(b.path("member_session")
                        .path("authentication_factors")
                        .get(0)
                        .path("delivery_method")
                        .asText())
                .isEqualTo("sso_oidc");

        ApiResponse again = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorType()).isEqualTo("sso_token_not_found");
    }

    @Test
    void theIdpsAnswerIsSpentOnceAReplayedCallbackIsRefused() throws Exception {
        Setup s = activeConnection("Replay Co", Map.of());
        idpWillSay("bob@oidc.test", true);
        String callback = onServer(location(browse(location(browse(startUrl(s, ""))))));
        location(browse(callback));
        HttpResponse<String> replay = browse(callback);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("expired_oidc_response");
    }

    @Test
    void unverifiedEmailAtTheIdpIsRefused() throws Exception {
        Setup s = activeConnection("Unverified Co", Map.of());
        idpWillSay("eve@oidc.test", false);
        HttpResponse<String> r = browse(onServer(location(browse(location(browse(startUrl(s, "")))))));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("id_token_invalid");
    }

    @Test
    void aForgedStateIsRefused() throws Exception {
        Setup s = activeConnection("Forged Co", Map.of());
        HttpResponse<String> r =
                browse(server.baseUrl() + "/v1/b2b/sso/callback/" + s.connectionId() + "?code=abc&state=forged");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("expired_oidc_response");
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
        Setup s = activeConnection("Issuer Co", Map.of());
        client.put(
                "/v1/b2b/sso/oidc/" + s.orgId() + "/connections/" + s.connectionId(),
                json("issuer", idp.issuerUrl("someone-else").toString()));
        idpWillSay("x@oidc.test", true);
        HttpResponse<String> r = browse(onServer(location(browse(location(browse(startUrl(s, "")))))));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("id_token_invalid");
    }

    /**
     * The IdP's next ID token, with {@code extra} claims. (The test IdP always addresses its ID
     * tokens to the client that asked and cannot issue one already expired: the audience and
     * expiry checks are tested in {@link SsoOidcIdTokenTest}, with tokens made by hand.)
     */
    static void idpWillIssue(String email, List<String> audience, long expirySeconds, Map<String, Object> extra) {
        Map<String, Object> claims =
                new java.util.HashMap<>(Map.of("email", email, "email_verified", true, "name", "Ada Lovelace"));
        claims.putAll(extra);
        idp.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER, "subject-" + email, "JWT", audience, claims, expirySeconds));
    }

    /** Start, the IdP and the callback; the callback's answer. */
    static HttpResponse<String> callbackOf(Setup s) throws Exception {
        return browse(onServer(location(browse(location(browse(startUrl(s, "")))))));
    }

    @Test
    void anIdTokenNotSignedByAKeyOfTheConnectionsJwksIsRefused() throws Exception {
        Setup s = activeConnection("Jwks Co", Map.of());
        // The same IdP serves another issuer's keys there: a valid token, signed by a key the
        // connection does not trust.
        client.put(
                "/v1/b2b/sso/oidc/" + s.orgId() + "/connections/" + s.connectionId(),
                json("jwks_url", idp.jwksUrl("another-tenant").toString()));
        idpWillSay("jwks@oidc.test", true);
        HttpResponse<String> r = callbackOf(s);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("id_token_invalid");
    }

    @Test
    void anIdTokenWithAnotherLoginsNonceIsRefused() throws Exception {
        Setup s = activeConnection("Nonce Co", Map.of());
        idpWillIssue("nonce@oidc.test", null, 3600, Map.of("nonce", "a-nonce-of-another-login"));
        HttpResponse<String> r = callbackOf(s);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("id_token_nonce_invalid");
    }

    @Test
    void redirectUrlsOffTheAllowListAreRefusedBeforeTheIdpIsInvolved() throws Exception {
        Setup s = activeConnection("Redirect Co", Map.of());
        HttpResponse<String> r = browse(startUrl(
                s, "&login_redirect_url=" + URLEncoder.encode("https://evil.test/steal", StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("invalid_login_redirect_url");
    }

    @Test
    void aStartWithNoRedirectUrlToFallBackOnIsRefusedWithStytchsNamesForOidcAndSaml() throws Exception {
        // Login and signup URLs, none of them the default.
        NewProject noDefault = project(
                "No default SSO redirect",
                new RedirectUrl("http://localhost:*", RedirectUrlType.LOGIN, false),
                new RedirectUrl("http://localhost:*", RedirectUrlType.SIGNUP, false));
        // A default login URL, and no signup URL at all.
        NewProject loginOnly = project(
                "Login-only SSO redirect", new RedirectUrl(TestServer.REDIRECT_URL, RedirectUrlType.LOGIN, true));
        // No login or signup URL at all.
        NewProject neither =
                project("No SSO redirect", new RedirectUrl(TestServer.REDIRECT_URL, RedirectUrlType.DISCOVERY, true));
        String given = "&login_redirect_url=" + URLEncoder.encode("http://localhost:3000/in", StandardCharsets.UTF_8);
        for (String kind : List.of("oidc", "saml")) {
            assertStartRefused(noDefault, kind, "", "no_default_login_redirect_url_set");
            assertStartRefused(noDefault, kind, given, "no_default_signup_redirect_url_set");
            assertStartRefused(loginOnly, kind, "", "no_signup_redirect_urls_set");
            assertStartRefused(neither, kind, "", "no_login_redirect_urls_set");
        }
    }

    static NewProject project(String name, RedirectUrl... urls) {
        return server.app().projects().create(name, Environment.TEST, List.of(urls));
    }

    /** A start through a new connection of {@code kind} in {@code project}: refused with {@code error}. */
    static void assertStartRefused(NewProject project, String kind, String extra, String error) throws Exception {
        ApiClient api = server.clientFor(project);
        String org = api.post("/v1/b2b/organizations", json("organization_name", "Start " + kind + " Co"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        ApiResponse created = api.post("/v1/b2b/sso/" + kind + "/" + org, json("display_name", "IdP"));
        assertThat(created.status()).as(created.rawBody()).isEqualTo(200);
        String id = created.body().path("connection").path("connection_id").asText();
        HttpResponse<String> r = browse(server.baseUrl() + "/v1/public/sso/start?public_token=" + project.publicToken()
                + "&connection_id=" + id + extra);
        assertThat(r.statusCode()).as(kind + ": " + r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error_type").asText())
                .as(kind + extra)
                .isEqualTo(error);
    }

    @Test
    void pkceBindsTheTokenToTheBrowserThatStartedTheLogin() throws Exception {
        Setup s = activeConnection("Pkce Co", Map.of());
        idpWillSay("pk@oidc.test", true);
        String verifier = "verifier-0123456789-0123456789-0123456789-abcdef";
        String challenge = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String token = tokenOf(loginAtIdp(s, "&pkce_code_challenge=" + challenge));
        ApiResponse without = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(without.errorType()).isEqualTo("pkce_expected_code_verifier");
        ApiResponse with =
                client.post("/v1/b2b/sso/authenticate", json("sso_token", token, "pkce_code_verifier", verifier));
        assertThat(with.status()).as(with.rawBody()).isEqualTo(200);
    }

    @Test
    void jitProvisioningFollowsTheOrganizationsSsoRules() throws Exception {
        Setup s = activeConnection("Nojit Co", Map.of("sso_jit_provisioning", "NOT_ALLOWED"));
        idpWillSay("new@oidc.test", true);
        ApiResponse r = client.post("/v1/b2b/sso/authenticate", json("sso_token", tokenOf(loginAtIdp(s, ""))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("invalid_connection_for_jit_provisioning");
    }

    @Test
    void publicStartNeedsThePublicTokenOfTheConnectionsProject() throws Exception {
        Setup s = activeConnection("Public Co", Map.of());
        HttpResponse<String> none = browse(server.baseUrl() + "/v1/public/sso/start?connection_id=" + s.connectionId());
        assertThat(none.statusCode()).isEqualTo(401);
        var other = server.newProject("Other");
        HttpResponse<String> foreign = browse(server.baseUrl() + "/v1/public/sso/start?public_token="
                + other.publicToken() + "&connection_id=" + s.connectionId());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).contains("sso_connection_not_found");
    }

    @Test
    void theMemberCarriesItsSsoRegistrationAndTheSessionFactorNamesIt() throws Exception {
        Setup s = activeConnection("Registration Co", Map.of());
        idpWillSay("reg@oidc.test", true);
        JsonNode first = client.post("/v1/b2b/sso/authenticate", json("sso_token", tokenOf(loginAtIdp(s, ""))))
                .body();
        JsonNode registrations = first.path("member").path("sso_registrations");
        assertThat(registrations).hasSize(1);
        JsonNode reg = registrations.get(0);
        assertThat(reg.path("connection_id").asText()).isEqualTo(s.connectionId());
        assertThat(reg.path("external_id").asText()).isEqualTo("subject-reg@oidc.test");
        assertThat(reg.path("registration_id").asText()).startsWith("sso-registration-test-");
        assertThat(reg.path("sso_attributes").path("email").asText()).isEqualTo("reg@oidc.test");
        JsonNode factor = first.path("member_session")
                .path("authentication_factors")
                .get(0)
                .path("oidc_sso_factor");
        assertThat(factor.path("id").asText())
                .isEqualTo(reg.path("registration_id").asText());
        assertThat(factor.path("provider_id").asText()).isEqualTo(s.connectionId());
        assertThat(factor.path("external_id").asText()).isEqualTo("subject-reg@oidc.test");

        // A second login keeps the one registration.
        idpWillSay("reg@oidc.test", true);
        JsonNode second = client.post("/v1/b2b/sso/authenticate", json("sso_token", tokenOf(loginAtIdp(s, ""))))
                .body();
        assertThat(second.path("member").path("sso_registrations")).hasSize(1);
        assertThat(second.path("member")
                        .path("sso_registrations")
                        .get(0)
                        .path("registration_id")
                        .asText())
                .isEqualTo(reg.path("registration_id").asText());
        JsonNode fetched = client.get("/v1/b2b/organizations/" + s.orgId() + "/member?member_id="
                        + first.path("member_id").asText())
                .body();
        assertThat(fetched.path("member").path("sso_registrations")).hasSize(1);
    }

    @Test
    void connectionCallsWithAMemberSessionNeedTheSsoPermission() throws Exception {
        Setup s = activeConnection("Rbac Co", Map.of());
        idpWillSay("plain@oidc.test", true);
        String session = client.post("/v1/b2b/sso/authenticate", json("sso_token", tokenOf(loginAtIdp(s, ""))))
                .body()
                .path("session_token")
                .asText();
        Map<String, String> as = Map.of("X-Stytch-Member-Session", session);
        ApiResponse list = client.send("GET", "/v1/b2b/sso/" + s.orgId(), null, as);
        assertThat(list.status()).as(list.rawBody()).isEqualTo(403);
        assertThat(list.errorType()).isEqualTo("session_authorization_error");
        ApiResponse create = client.send("POST", "/v1/b2b/sso/oidc/" + s.orgId(), json("display_name", "x"), as);
        assertThat(create.status()).isEqualTo(403);
        ApiResponse delete =
                client.send("DELETE", "/v1/b2b/sso/" + s.orgId() + "/connections/" + s.connectionId(), null, as);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(client.get("/v1/b2b/sso/" + s.orgId()).body().path("oidc_connections"))
                .hasSize(1);

        // An admin of the organization may.
        ApiResponse members = client.post(
                "/v1/b2b/organizations/members/search", json("organization_ids", java.util.List.of(s.orgId())));
        String id = members.body().path("members").get(0).path("member_id").asText();
        client.put(
                "/v1/b2b/organizations/" + s.orgId() + "/members/" + id,
                json("roles", java.util.List.of("stytch_admin")));
        ApiResponse adminList = client.send("GET", "/v1/b2b/sso/" + s.orgId(), null, as);
        assertThat(adminList.status()).as(adminList.rawBody()).isEqualTo(200);
    }

    @Test
    void anOrganizationMayOnlyNameItsOwnConnections() {
        Setup s = activeConnection("Default Co", Map.of());
        Setup other = activeConnection("Other Default Co", Map.of());
        ApiResponse foreign = client.put(
                "/v1/b2b/organizations/" + s.orgId(), json("sso_default_connection_id", other.connectionId()));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorType()).isEqualTo("sso_connection_not_found");
        ApiResponse unknown = client.put(
                "/v1/b2b/organizations/" + s.orgId(),
                json(
                        "sso_jit_provisioning",
                        "RESTRICTED",
                        "sso_jit_provisioning_allowed_connections",
                        java.util.List.of("oidc-connection-test-00000000-0000-0000-0000-000000000000")));
        assertThat(unknown.status()).isEqualTo(404);
        ApiResponse own = client.put(
                "/v1/b2b/organizations/" + s.orgId(),
                json(
                        "sso_jit_provisioning",
                        "RESTRICTED",
                        "sso_jit_provisioning_allowed_connections",
                        java.util.List.of(s.connectionId())));
        assertThat(own.status()).as(own.rawBody()).isEqualTo(200);
    }
}
