package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.sso.ConnectionImplicitRoleAssignment;
import io.latchkey.api.sso.CreateExternalConnectionRequest;
import io.latchkey.api.sso.CreateOIDCConnectionRequest;
import io.latchkey.api.sso.CreateSAMLConnectionRequest;
import io.latchkey.api.sso.ExternalConnection;
import io.latchkey.api.sso.GetConnectionsResponse;
import io.latchkey.api.sso.OIDCConnection;
import io.latchkey.api.sso.SAMLConnection;
import io.latchkey.api.sso.SSOAuthenticateResponse;
import io.latchkey.api.sso.UpdateExternalConnectionRequest;
import io.latchkey.api.sso.UpdateOIDCConnectionRequest;
import io.latchkey.api.sso.UpdateSAMLConnectionRequest;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.testing.SamlIdp;
import io.latchkey.server.testing.TestServer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's {@code sso()} group against the real server, with an OIDC provider in this JVM
 * (mock-oauth2-server): connections made, listed and deleted, and a whole login from the start
 * URL the SDK builds to {@code authenticate}.
 */
@Tag("server")
class SsoServerTest {
    private static final String ISSUER = "sdk-idp";
    private static final String CLIENT_ID = "sdk-client";
    private static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static B2BClient client;
    private static MockOAuth2Server idp;

    @BeforeAll
    static void start() {
        client = B2BClient.create(server.projectId(), server.secret(), server.baseUrl());
        idp = new MockOAuth2Server();
        idp.start();
    }

    @AfterAll
    static void stop() {
        idp.shutdown();
    }

    private static Organization organization() {
        String slug = "sso-" + UUID.randomUUID().toString().substring(0, 8);
        return client.organizations()
                .create(Requests.createOrganization("SSO " + slug)
                        .organizationSlug(slug)
                        .build())
                .organization();
    }

    private static OIDCConnection activeConnection(Organization org) {
        OIDCConnection pending = client.sso()
                .oidc()
                .createConnection(org.organizationId(), new CreateOIDCConnectionRequest("Acme IdP", "generic"))
                .connection();
        assertThat(pending.status()).isEqualTo("pending");
        return client.sso()
                .oidc()
                .updateConnection(
                        org.organizationId(),
                        pending.connectionId(),
                        new UpdateOIDCConnectionRequest(
                                null,
                                CLIENT_ID,
                                "sdk-client-secret",
                                idp.issuerUrl(ISSUER).toString(),
                                idp.authorizationEndpointUrl(ISSUER).toString(),
                                idp.tokenEndpointUrl(ISSUER).toString(),
                                null,
                                idp.jwksUrl(ISSUER).toString(),
                                null,
                                null,
                                null))
                .connection();
    }

    @Test
    void connectionsAreCreatedListedAndDeleted() {
        Organization org = organization();
        OIDCConnection c = activeConnection(org);
        assertThat(c.status()).isEqualTo("active");
        assertThat(c.clientSecret()).isEmpty();
        assertThat(c.redirectUrl()).endsWith("/v1/b2b/sso/callback/" + c.connectionId());

        GetConnectionsResponse all = client.sso().getConnections(org.organizationSlug());
        assertThat(all.oidcConnections())
                .extracting(OIDCConnection::connectionId)
                .containsExactly(c.connectionId());
        assertThat(all.samlConnections()).isEmpty();
        assertThat(all.externalConnections()).isEmpty();
        assertThat(client.organizations()
                        .get(org.organizationId())
                        .organization()
                        .ssoDefaultConnectionId())
                .isEqualTo(c.connectionId());

        assertThat(client.sso()
                        .deleteConnection(org.organizationId(), c.connectionId())
                        .connectionId())
                .isEqualTo(c.connectionId());
        assertThat(client.sso().getConnections(org.organizationId()).oidcConnections())
                .isEmpty();
        assertThatThrownBy(() -> client.sso().deleteConnection(org.organizationId(), c.connectionId()))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("sso_connection_not_found"));
    }

    @Test
    void aMemberLogsInFromTheStartUrlToAuthenticateWithPkce() throws Exception {
        Organization org = client.organizations()
                .update(
                        organization().organizationId(),
                        Requests.updateOrganization()
                                .ssoJitProvisioning("ALL_ALLOWED")
                                .build())
                .organization();
        OIDCConnection c = activeConnection(org);
        String verifier = "v".repeat(43);
        String start = client.sso()
                .startUrl(
                        c.connectionId(),
                        server.publicToken(),
                        TestServer.REDIRECT_URL,
                        TestServer.REDIRECT_URL,
                        challenge(verifier));
        assertThat(start).startsWith(server.baseUrl() + "/v1/public/sso/start?connection_id=");
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(
                ISSUER,
                "subject-grace",
                "JWT",
                null,
                Map.of("email", "grace@sso-sdk.test", "email_verified", true, "name", "Grace Hopper"),
                3600));

        String authorize = location(start);
        // The server names its callback by LATCHKEY_BASE_URL, which has no port in tests.
        String callback = location(authorize).replace("http://127.0.0.1/", server.baseUrl() + "/");
        String landing = location(callback);
        assertThat(landing).startsWith(TestServer.REDIRECT_URL + "?stytch_token_type=sso&token=");
        String token = URLDecoder.decode(landing.substring(landing.indexOf("&token=") + 7), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> client.sso()
                        .authenticate(Requests.authenticateSso(token)
                                .pkceCodeVerifier("w".repeat(43))
                                .build()))
                .isInstanceOf(LatchkeyApiException.class);
        SSOAuthenticateResponse r = client.sso()
                .authenticate(Requests.authenticateSso(token)
                        .pkceCodeVerifier(verifier)
                        .sessionDurationMinutes(30)
                        .build());
        assertThat(r.memberAuthenticated()).isTrue();
        assertThat(r.organizationId()).isEqualTo(org.organizationId());
        assertThat(r.member().emailAddress()).isEqualTo("grace@sso-sdk.test");
        assertThat(r.sessionToken()).isNotEmpty();
        assertThat(client.sessions()
                        .authenticate(Requests.authenticateSessionToken(r.sessionToken())
                                .build())
                        .member()
                        .memberId())
                .isEqualTo(r.memberId());
        assertThatThrownBy(() -> client.sso()
                        .authenticate(Requests.authenticateSso(token)
                                .pkceCodeVerifier(verifier)
                                .build()))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("sso_token_not_found"));
    }

    @Test
    void anExternalConnectionSharesAnotherOrganizationsConnection() {
        Organization parent = organization();
        OIDCConnection source = activeConnection(parent);
        Organization child = organization();

        ExternalConnection created = client.sso()
                .external()
                .createConnection(
                        child.organizationSlug(),
                        new CreateExternalConnectionRequest(
                                parent.organizationId(),
                                source.connectionId(),
                                null,
                                List.of(new ConnectionImplicitRoleAssignment("stytch_admin")),
                                null))
                .connection();
        assertThat(created.externalConnectionId()).isEqualTo(source.connectionId());
        assertThat(created.displayName()).as("the source's name by default").isEqualTo("Acme IdP");
        ExternalConnection renamed = client.sso()
                .external()
                .updateConnection(
                        child.organizationId(),
                        created.connectionId(),
                        new UpdateExternalConnectionRequest("Parent IdP", null, null))
                .connection();
        assertThat(renamed.displayName()).isEqualTo("Parent IdP");
        assertThat(renamed.externalConnectionImplicitRoleAssignments())
                .containsExactly(new ConnectionImplicitRoleAssignment("stytch_admin"));
        assertThat(client.sso().getConnections(child.organizationId()).externalConnections())
                .containsExactly(renamed);
        assertThatThrownBy(() -> client.sso()
                        .external()
                        .createConnection(
                                child.organizationId(),
                                new CreateExternalConnectionRequest(
                                        parent.organizationId(), "oidc-connection-test-nope", null, null, null)))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("sso_connection_not_found"));
    }

    @Test
    void samlConnectionsAreCreatedConfiguredAndTheirCertificatesDeleted() {
        Organization org = organization();
        SAMLConnection pending = client.sso()
                .saml()
                .createConnection(org.organizationId(), new CreateSAMLConnectionRequest("Acme SAML", "generic"))
                .connection();
        assertThat(pending.status()).isEqualTo("pending");
        assertThat(pending.acsUrl()).isNotEmpty();
        assertThat(pending.signingCertificates())
                .as("the SP's AuthnRequest key")
                .isNotEmpty();

        SamlIdp idp = SamlIdp.create();
        SAMLConnection active = client.sso()
                .saml()
                .updateConnection(
                        org.organizationId(),
                        pending.connectionId(),
                        new UpdateSAMLConnectionRequest(
                                idp.entityId,
                                null,
                                Map.of("email", "email"),
                                idp.certificatePem(),
                                idp.ssoUrl,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))
                .connection();
        assertThat(active.status()).isEqualTo("active");
        assertThat(active.idpEntityId()).isEqualTo(idp.entityId);
        assertThat(active.verificationCertificates()).hasSize(1);
        assertThat(client.sso().getConnections(org.organizationId()).samlConnections())
                .extracting(SAMLConnection::connectionId)
                .containsExactly(pending.connectionId());

        String certificateId = active.verificationCertificates().get(0).certificateId();
        assertThatThrownBy(() -> client.sso()
                        .saml()
                        .deleteVerificationCertificate(org.organizationId(), pending.connectionId(), certificateId))
                .as("an active connection keeps one")
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("cannot_delete_last_sso_verification_key"));
        // The IdP rolls its certificate over: the new one first, then the old one goes.
        client.sso()
                .saml()
                .updateConnection(
                        org.organizationId(),
                        pending.connectionId(),
                        new UpdateSAMLConnectionRequest(
                                null,
                                null,
                                null,
                                SamlIdp.create().certificatePem(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null));
        assertThat(client.sso()
                        .saml()
                        .deleteVerificationCertificate(org.organizationId(), pending.connectionId(), certificateId)
                        .certificateId())
                .isEqualTo(certificateId);
        assertThat(client.sso()
                        .getConnections(org.organizationId())
                        .samlConnections()
                        .get(0)
                        .verificationCertificates())
                .extracting(c -> c.certificateId())
                .hasSize(1)
                .doesNotContain(certificateId);
        assertThatThrownBy(() -> client.sso()
                        .saml()
                        .updateByUrl(org.organizationId(), pending.connectionId(), "http://127.0.0.1/metadata"))
                .as("a metadata URL must be https and not internal")
                .isInstanceOf(LatchkeyApiException.class);
    }

    @Test
    void startUrlEncodesItsParametersAndLeavesOutTheAbsentOnes() {
        String url = client.sso().startUrl("conn id&x", "public-token-test-1", null, "http://a.test/?b=c", null);
        assertThat(url)
                .isEqualTo(server.baseUrl() + "/v1/public/sso/start?connection_id=conn%20id%26x"
                        + "&public_token=public-token-test-1&signup_redirect_url=http%3A%2F%2Fa.test%2F%3Fb%3Dc");
    }

    private static String location(String url) throws Exception {
        HttpResponse<String> r = BROWSER.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }

    private static String challenge(String verifier) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }
}
