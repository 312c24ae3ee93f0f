package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.sso.AuthenticateRequest;
import com.stytch.java.b2b.models.sso.AuthenticateResponse;
import com.stytch.java.b2b.models.sso.DeleteConnectionRequest;
import com.stytch.java.b2b.models.sso.DeleteConnectionRequestOptions;
import com.stytch.java.b2b.models.sso.GetConnectionsRequest;
import com.stytch.java.b2b.models.sso.GetConnectionsRequestOptions;
import com.stytch.java.b2b.models.sso.GetConnectionsResponse;
import com.stytch.java.b2b.models.sso.OIDCConnection;
import com.stytch.java.b2b.models.ssooidc.CreateConnectionRequest;
import com.stytch.java.b2b.models.ssooidc.CreateConnectionRequestOptions;
import com.stytch.java.b2b.models.ssooidc.UpdateConnectionRequest;
import com.stytch.java.b2b.models.ssooidc.UpdateConnectionRequestOptions;
import com.stytch.java.consumer.models.sessions.AuthenticationFactorDeliveryMethod;
import com.stytch.java.consumer.models.sessions.AuthenticationFactorType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SSO calls of the official Java SDK: OIDC connections created, updated, listed and deleted,
 * and {@code sso.authenticate} redeeming the token of a real OIDC login. The browser's part (the
 * redirects between the server and the IdP) is not an API call, so it is plain HTTP.
 */
class JavaSdkSsoConformanceTest extends JavaSdkTestBase {
    private static final String ISSUER = "conformance";
    private static final String CLIENT_ID = "latchkey-conformance";
    private static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private MockOAuth2Server idp;

    @BeforeAll
    void startIdp() {
        idp = new MockOAuth2Server();
        idp.start();
    }

    @AfterAll
    void stopIdp() {
        if (idp != null) {
            idp.shutdown();
        }
    }

    private OIDCConnection createConnection(String organizationId) {
        return ok(stytch.getSso()
                        .getOidc()
                        .createConnectionCompletable(
                                new CreateConnectionRequest(organizationId, "Acme IdP"),
                                new CreateConnectionRequestOptions()))
                .getConnection();
    }

    private OIDCConnection configure(String organizationId, String connectionId) {
        return ok(stytch.getSso()
                        .getOidc()
                        .updateConnectionCompletable(
                                new UpdateConnectionRequest(
                                        organizationId,
                                        connectionId,
                                        null,
                                        CLIENT_ID,
                                        "client-secret-value",
                                        idp.issuerUrl(ISSUER).toString(),
                                        idp.authorizationEndpointUrl(ISSUER).toString(),
                                        idp.tokenEndpointUrl(ISSUER).toString(),
                                        null,
                                        idp.jwksUrl(ISSUER).toString()),
                                new UpdateConnectionRequestOptions()))
                .getConnection();
    }

    @Test
    void oidcConnectionsAreCreatedConfiguredListedAndDeletedInTheSdksTypes() {
        Organization org = createOrganization();
        OIDCConnection created = createConnection(org.getOrganizationId());
        assertThat(created.getConnectionId()).startsWith("oidc-connection-test-");
        assertThat(created.getStatus()).isEqualTo("pending");
        assertThat(created.getDisplayName()).isEqualTo("Acme IdP");
        assertThat(created.getRedirectURL()).endsWith("/v1/b2b/sso/callback/" + created.getConnectionId());
        assertThat(created.getClientSecret()).as("the secret is never answered").isEmpty();

        OIDCConnection active = configure(org.getOrganizationId(), created.getConnectionId());
        assertThat(active.getStatus()).isEqualTo("active");
        assertThat(active.getClientId()).isEqualTo(CLIENT_ID);
        assertThat(active.getIssuer()).isEqualTo(idp.issuerUrl(ISSUER).toString());
        assertThat(active.getClientSecret()).isEmpty();

        GetConnectionsResponse listed = ok(stytch.getSso()
                .getConnectionsCompletable(
                        new GetConnectionsRequest(org.getOrganizationId()), new GetConnectionsRequestOptions()));
        assertThat(listed.getOidcConnections())
                .extracting(OIDCConnection::getConnectionId)
                .containsExactly(created.getConnectionId());
        assertThat(listed.getSamlConnections()).isEmpty();
        assertThat(listed.getExternalConnections()).isEmpty();

        Organization after = ok(stytch.getOrganizations()
                        .getCompletable(
                                new com.stytch.java.b2b.models.organizations.GetRequest(org.getOrganizationId())))
                .getOrganization();
        assertThat(after.getSsoDefaultConnectionId()).isEqualTo(created.getConnectionId());
        assertThat(after.getSsoActiveConnections())
                .extracting(c -> c.getConnectionId())
                .containsExactly(created.getConnectionId());

        assertThat(ok(stytch.getSso()
                                .deleteConnectionCompletable(
                                        new DeleteConnectionRequest(org.getOrganizationId(), created.getConnectionId()),
                                        new DeleteConnectionRequestOptions()))
                        .getConnectionId())
                .isEqualTo(created.getConnectionId());
        assertApiError(
                stytch.getSso()
                        .deleteConnectionCompletable(
                                new DeleteConnectionRequest(org.getOrganizationId(), created.getConnectionId()),
                                new DeleteConnectionRequestOptions()),
                404,
                "sso_connection_not_found");
    }

    @Test
    void aBadEndpointIsTheSdksApiError() {
        Organization org = createOrganization();
        OIDCConnection created = createConnection(org.getOrganizationId());
        assertApiError(
                stytch.getSso()
                        .getOidc()
                        .updateConnectionCompletable(
                                new UpdateConnectionRequest(
                                        org.getOrganizationId(),
                                        created.getConnectionId(),
                                        null,
                                        null,
                                        null,
                                        "not a url"),
                                new UpdateConnectionRequestOptions()),
                400,
                "invalid_issuer");
    }

    @Test
    void aMemberLogsInThroughTheIdpAndTheSdkRedeemsTheTokenOnce() throws Exception {
        Organization org = createOrganization();
        OIDCConnection c = configure(
                org.getOrganizationId(),
                createConnection(org.getOrganizationId()).getConnectionId());
        String email = Unique.emailIn("sso.example");
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(
                ISSUER,
                "subject-" + email,
                "JWT",
                null,
                Map.of("email", email, "email_verified", true, "name", "Ada Lovelace"),
                3600));

        String authorize = location(server.baseUrl() + "/v1/public/sso/start?public_token=" + server.publicToken()
                + "&connection_id=" + c.getConnectionId());
        // The IdP sends the browser to the callback as LATCHKEY_BASE_URL names it (no port in tests).
        String callback = location(authorize).replace("http://127.0.0.1/", server.baseUrl() + "/");
        String appRedirect = location(callback);
        assertThat(appRedirect).contains("stytch_token_type=sso&token=");
        String token = appRedirect.substring(appRedirect.lastIndexOf("token=") + "token=".length());

        AuthenticateResponse login =
                ok(stytch.getSso().authenticateCompletable(new AuthenticateRequest(token, null, null, null, 60)));
        assertThat(login.getMemberAuthenticated()).isTrue();
        assertThat(login.getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(login.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(login.getSessionToken()).isNotBlank();
        assertThat(login.getMemberSession().getAuthenticationFactors().get(0).getType())
                .isEqualTo(AuthenticationFactorType.SSO);
        assertThat(login.getMemberSession().getAuthenticationFactors().get(0).getDeliveryMethod())
                .isEqualTo(AuthenticationFactorDeliveryMethod.SSO_OIDC);

        assertApiError(
                stytch.getSso().authenticateCompletable(new AuthenticateRequest(token)), 404, "sso_token_not_found");
    }

    private static String location(String url) throws Exception {
        HttpResponse<String> r = BROWSER.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }
}
