package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.sso.AuthenticateRequest;
import com.stytch.java.b2b.models.sso.AuthenticateResponse;
import com.stytch.java.b2b.models.sso.Connection;
import com.stytch.java.b2b.models.sso.ConnectionImplicitRoleAssignment;
import com.stytch.java.b2b.models.sso.DeleteConnectionRequest;
import com.stytch.java.b2b.models.sso.DeleteConnectionRequestOptions;
import com.stytch.java.b2b.models.sso.GetConnectionsRequest;
import com.stytch.java.b2b.models.sso.GetConnectionsRequestOptions;
import com.stytch.java.b2b.models.sso.GetConnectionsResponse;
import com.stytch.java.b2b.models.sso.GroupImplicitRoleAssignment;
import com.stytch.java.b2b.models.sso.OIDCConnection;
import com.stytch.java.b2b.models.sso.SAMLConnectionImplicitRoleAssignment;
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
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SSO calls of the official Java SDK: OIDC connections created, updated, listed and deleted,
 * external connections created and updated, and {@code sso.authenticate} redeeming the token of a real OIDC login. The browser's part (the
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

    @Test
    void anExternalConnectionSharesAnotherOrganizationsConnectionInTheSdksTypes() {
        Organization parent = createOrganization();
        OIDCConnection source = configure(
                parent.getOrganizationId(),
                createConnection(parent.getOrganizationId()).getConnectionId());
        Organization child = createOrganization();

        Connection created = ok(stytch.getSso()
                        .getExternal()
                        .createConnectionCompletable(
                                new com.stytch.java.b2b.models.ssoexternal.CreateConnectionRequest(
                                        child.getOrganizationId(),
                                        parent.getOrganizationId(),
                                        source.getConnectionId(),
                                        "Parent's IdP",
                                        List.of(new SAMLConnectionImplicitRoleAssignment("stytch_admin"))),
                                new com.stytch.java.b2b.models.ssoexternal.CreateConnectionRequestOptions()))
                .getConnection();
        assertThat(created.getConnectionId()).startsWith("external-connection-test-");
        assertThat(created.getOrganizationId()).isEqualTo(child.getOrganizationId());
        assertThat(created.getExternalOrganizationId()).isEqualTo(parent.getOrganizationId());
        assertThat(created.getExternalConnectionId()).isEqualTo(source.getConnectionId());
        assertThat(created.getStatus()).isEqualTo("active");
        assertThat(created.getExternalConnectionImplicitRoleAssignments())
                .extracting(ConnectionImplicitRoleAssignment::getRoleId)
                .containsExactly("stytch_admin");
        assertThat(created.getExternalGroupImplicitRoleAssignments()).isEmpty();

        Connection updated = ok(stytch.getSso()
                        .getExternal()
                        .updateConnectionCompletable(
                                new com.stytch.java.b2b.models.ssoexternal.UpdateConnectionRequest(
                                        child.getOrganizationId(),
                                        created.getConnectionId(),
                                        "Group IdP",
                                        null,
                                        List.of(new GroupImplicitRoleAssignment("stytch_admin", "admins"))),
                                new com.stytch.java.b2b.models.ssoexternal.UpdateConnectionRequestOptions()))
                .getConnection();
        assertThat(updated.getDisplayName()).isEqualTo("Group IdP");
        assertThat(updated.getExternalConnectionImplicitRoleAssignments()).hasSize(1);
        assertThat(updated.getExternalGroupImplicitRoleAssignments())
                .extracting(GroupImplicitRoleAssignment::getGroup)
                .containsExactly("admins");

        GetConnectionsResponse listed = ok(stytch.getSso()
                .getConnectionsCompletable(
                        new GetConnectionsRequest(child.getOrganizationId()), new GetConnectionsRequestOptions()));
        assertThat(listed.getExternalConnections()).containsExactly(updated);
        assertThat(listed.getOidcConnections()).isEmpty();

        assertApiError(
                stytch.getSso()
                        .getExternal()
                        .createConnectionCompletable(
                                new com.stytch.java.b2b.models.ssoexternal.CreateConnectionRequest(
                                        child.getOrganizationId(),
                                        child.getOrganizationId(),
                                        created.getConnectionId()),
                                new com.stytch.java.b2b.models.ssoexternal.CreateConnectionRequestOptions()),
                400,
                "invalid_argument");
        assertApiError(
                stytch.getSso()
                        .getExternal()
                        .updateConnectionCompletable(
                                new com.stytch.java.b2b.models.ssoexternal.UpdateConnectionRequest(
                                        parent.getOrganizationId(), created.getConnectionId(), "Not yours"),
                                new com.stytch.java.b2b.models.ssoexternal.UpdateConnectionRequestOptions()),
                404,
                "sso_connection_not_found");
    }

    private static String location(String url) throws Exception {
        HttpResponse<String> r = BROWSER.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }
}
