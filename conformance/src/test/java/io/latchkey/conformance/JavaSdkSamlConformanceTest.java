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
import com.stytch.java.b2b.models.sso.SAMLConnection;
import com.stytch.java.b2b.models.sso.SAMLConnectionImplicitRoleAssignment;
import com.stytch.java.b2b.models.sso.SAMLGroupImplicitRoleAssignment;
import com.stytch.java.b2b.models.ssosaml.CreateConnectionRequest;
import com.stytch.java.b2b.models.ssosaml.CreateConnectionRequestIdentityProvider;
import com.stytch.java.b2b.models.ssosaml.CreateConnectionRequestOptions;
import com.stytch.java.b2b.models.ssosaml.DeleteEncryptionPrivateKeyRequest;
import com.stytch.java.b2b.models.ssosaml.DeleteEncryptionPrivateKeyRequestOptions;
import com.stytch.java.b2b.models.ssosaml.DeleteVerificationCertificateRequest;
import com.stytch.java.b2b.models.ssosaml.DeleteVerificationCertificateRequestOptions;
import com.stytch.java.b2b.models.ssosaml.UpdateByURLRequest;
import com.stytch.java.b2b.models.ssosaml.UpdateByURLRequestOptions;
import com.stytch.java.b2b.models.ssosaml.UpdateConnectionRequest;
import com.stytch.java.b2b.models.ssosaml.UpdateConnectionRequestOptions;
import com.stytch.java.consumer.models.sessions.AuthenticationFactorDeliveryMethod;
import com.sun.net.httpserver.HttpServer;
import io.latchkey.server.sso.saml.SamlKeys;
import io.latchkey.server.testing.SamlIdp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The SAML calls of the official Java SDK ({@code sso.saml}): connections created, configured
 * from settings and from the IdP's metadata URL, certificates and encryption keys deleted, listed
 * and deleted through {@code sso}, and {@code sso.authenticate} redeeming the token of a SAML
 * login whose response an IdP made in this test signed. The browser's part is plain HTTP.
 */
class JavaSdkSamlConformanceTest extends JavaSdkTestBase {
    private static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final SamlIdp idp = SamlIdp.create();
    private HttpServer metadata;

    @BeforeAll
    void serveMetadata() throws Exception {
        metadata = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        metadata.createContext("/metadata", exchange -> {
            byte[] body = idp.metadataXml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metadata.start();
    }

    @AfterAll
    void stopMetadata() {
        if (metadata != null) {
            metadata.stop(0);
        }
    }

    private SAMLConnection create(String organizationId) {
        return ok(stytch.getSso()
                        .getSaml()
                        .createConnectionCompletable(
                                new CreateConnectionRequest(
                                        organizationId, "Acme SAML", CreateConnectionRequestIdentityProvider.OKTA),
                                new CreateConnectionRequestOptions()))
                .getConnection();
    }

    private SAMLConnection update(UpdateConnectionRequest r) {
        return ok(stytch.getSso().getSaml().updateConnectionCompletable(r, new UpdateConnectionRequestOptions()))
                .getConnection();
    }

    @Test
    void samlConnectionsAreCreatedConfiguredListedAndDeletedInTheSdksTypes() {
        Organization org = createOrganization();
        String orgId = org.getOrganizationId();
        SAMLConnection created = create(orgId);
        assertThat(created.getConnectionId()).startsWith("saml-connection-test-");
        assertThat(created.getStatus()).isEqualTo("pending");
        assertThat(created.getIdentityProvider()).isEqualTo("okta");
        assertThat(created.getAcsURL()).endsWith("/v1/b2b/sso/callback/" + created.getConnectionId());
        assertThat(created.getAudienceUri()).isEqualTo(created.getAcsURL());
        assertThat(created.getSigningCertificates()).hasSize(1);
        assertThat(created.getSigningCertificates().get(0).getCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(created.getSigningCertificates().get(0).getExpiresAt()).isNotNull();
        assertThat(created.getVerificationCertificates()).isEmpty();

        // From the IdP's metadata URL (plain http on this machine: a dev-mode server allows it).
        SAMLConnection byUrl = ok(stytch.getSso()
                        .getSaml()
                        .updateByURLCompletable(
                                new UpdateByURLRequest(
                                        orgId,
                                        created.getConnectionId(),
                                        "http://127.0.0.1:"
                                                + metadata.getAddress().getPort() + "/metadata"),
                                new UpdateByURLRequestOptions()))
                .getConnection();
        assertThat(byUrl.getIdpEntityId()).isEqualTo(idp.entityId);
        assertThat(byUrl.getIdpSSOURL()).isEqualTo(idp.ssoUrl);
        assertThat(byUrl.getVerificationCertificates()).hasSize(1);
        assertThat(byUrl.getStatus()).as("no attribute_mapping yet").isEqualTo("pending");

        String encryptionKey = SamlKeys.pem(SamlKeys.newRsaKeyPair().getPrivate());
        SAMLConnection active = update(new UpdateConnectionRequest(
                orgId,
                created.getConnectionId(),
                null,
                "Acme SAML (prod)",
                Map.of("email", "email", "full_name", "name", "groups", "groups"),
                null,
                null,
                List.of(new SAMLConnectionImplicitRoleAssignment("stytch_member")),
                List.of(new SAMLGroupImplicitRoleAssignment("stytch_admin", "admins")),
                "urn:old:sp",
                null,
                null,
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                null,
                false,
                encryptionKey,
                false));
        assertThat(active.getStatus()).isEqualTo("active");
        assertThat(active.getDisplayName()).isEqualTo("Acme SAML (prod)");
        assertThat(active.getAttributeMapping()).containsEntry("email", "email");
        assertThat(active.getSamlGroupImplicitRoleAssignments())
                .extracting(SAMLGroupImplicitRoleAssignment::getGroup)
                .containsExactly("admins");
        assertThat(active.getAlternativeAudienceUri()).isEqualTo("urn:old:sp");
        assertThat(active.getEncryptionPrivateKeys()).hasSize(1);
        assertThat(active.getEncryptionPrivateKeys().get(0).getPrivateKey())
                .as("private keys are never answered")
                .isEmpty();

        String keyId = active.getEncryptionPrivateKeys().get(0).getPrivateKeyId();
        assertThat(ok(stytch.getSso()
                                .getSaml()
                                .deleteEncryptionPrivateKeyCompletable(
                                        new DeleteEncryptionPrivateKeyRequest(orgId, created.getConnectionId(), keyId),
                                        new DeleteEncryptionPrivateKeyRequestOptions()))
                        .getPrivateKeyId())
                .isEqualTo(keyId);

        String certificateId = active.getVerificationCertificates().get(0).getCertificateId();
        assertApiError(
                stytch.getSso()
                        .getSaml()
                        .deleteVerificationCertificateCompletable(
                                new DeleteVerificationCertificateRequest(
                                        orgId, created.getConnectionId(), certificateId),
                                new DeleteVerificationCertificateRequestOptions()),
                400,
                "cannot_delete_last_sso_verification_key");
        update(new UpdateConnectionRequest(
                orgId,
                created.getConnectionId(),
                null,
                null,
                null,
                SamlIdp.create().certificatePem()));
        assertThat(ok(stytch.getSso()
                                .getSaml()
                                .deleteVerificationCertificateCompletable(
                                        new DeleteVerificationCertificateRequest(
                                                orgId, created.getConnectionId(), certificateId),
                                        new DeleteVerificationCertificateRequestOptions()))
                        .getCertificateId())
                .isEqualTo(certificateId);

        GetConnectionsResponse listed = ok(stytch.getSso()
                .getConnectionsCompletable(new GetConnectionsRequest(orgId), new GetConnectionsRequestOptions()));
        assertThat(listed.getSamlConnections())
                .extracting(SAMLConnection::getConnectionId)
                .containsExactly(created.getConnectionId());
        assertThat(listed.getOidcConnections()).isEmpty();

        assertThat(ok(stytch.getSso()
                                .deleteConnectionCompletable(
                                        new DeleteConnectionRequest(orgId, created.getConnectionId()),
                                        new DeleteConnectionRequestOptions()))
                        .getConnectionId())
                .isEqualTo(created.getConnectionId());
        assertApiError(
                stytch.getSso()
                        .getSaml()
                        .updateConnectionCompletable(
                                new UpdateConnectionRequest(orgId, created.getConnectionId(), null, "x"),
                                new UpdateConnectionRequestOptions()),
                404,
                "sso_connection_not_found");
    }

    @Test
    void aBadCertificateAndAnInternalMetadataUrlAreTheSdksApiErrors() {
        Organization org = createOrganization();
        SAMLConnection c = create(org.getOrganizationId());
        assertApiError(
                stytch.getSso()
                        .getSaml()
                        .updateConnectionCompletable(
                                new UpdateConnectionRequest(
                                        org.getOrganizationId(), c.getConnectionId(), null, null, null, "not a cert"),
                                new UpdateConnectionRequestOptions()),
                400,
                "invalid_x509_certificate");
        assertApiError(
                stytch.getSso()
                        .getSaml()
                        .updateByURLCompletable(
                                new UpdateByURLRequest(
                                        org.getOrganizationId(), c.getConnectionId(), "ftp://idp/metadata"),
                                new UpdateByURLRequestOptions()),
                400,
                "invalid_saml_metadata_url");
    }

    @Test
    void aMemberLogsInOverSamlAndTheSdkRedeemsTheTokenOnce() throws Exception {
        Organization org = createOrganization();
        SAMLConnection c = create(org.getOrganizationId());
        update(new UpdateConnectionRequest(
                org.getOrganizationId(),
                c.getConnectionId(),
                idp.entityId,
                null,
                Map.of("email", "email", "full_name", "name"),
                idp.certificatePem(),
                idp.ssoUrl));
        String email = Unique.emailIn("saml.example");

        HttpResponse<String> start = BROWSER.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/public/sso/start?public_token="
                                + server.publicToken() + "&connection_id=" + c.getConnectionId()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        SamlIdp.Request request =
                SamlIdp.request(start.headers().firstValue("Location").orElseThrow());
        Document response = idp.document(idp.spec(c.getAcsURL(), request.id(), email));
        idp.signAssertion(response);
        HttpResponse<String> acs = BROWSER.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/b2b/sso/callback/" + c.getConnectionId()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "SAMLResponse=" + URLEncoder.encode(SamlIdp.encode(response), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
        String appRedirect = acs.headers().firstValue("Location").orElseThrow();
        String token = appRedirect.substring(appRedirect.lastIndexOf("token=") + "token=".length());

        AuthenticateResponse login =
                ok(stytch.getSso().authenticateCompletable(new AuthenticateRequest(token, null, null, null, 60)));
        assertThat(login.getMemberAuthenticated()).isTrue();
        assertThat(login.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(login.getMemberSession().getAuthenticationFactors().get(0).getDeliveryMethod())
                .isEqualTo(AuthenticationFactorDeliveryMethod.SSO_SAML);
        assertThat(login.getMemberSession()
                        .getAuthenticationFactors()
                        .get(0)
                        .getSamlSSOFactor()
                        .getProviderId())
                .isEqualTo(c.getConnectionId());
        assertThat(login.getMember().getSsoRegistrations().get(0).getConnectionId())
                .isEqualTo(c.getConnectionId());
        assertApiError(
                stytch.getSso().authenticateCompletable(new AuthenticateRequest(token)), 404, "sso_token_not_found");
    }
}
