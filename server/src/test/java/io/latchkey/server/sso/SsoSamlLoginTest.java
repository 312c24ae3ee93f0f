package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.sso.saml.SamlKeys;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.SamlIdp;
import io.latchkey.server.testing.SamlLogins;
import io.latchkey.server.testing.SamlLogins.Setup;
import io.latchkey.server.testing.TestServer;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The SAML login end to end against an IdP made in the test (its responses signed with keys made
 * here): the signed AuthnRequest, the ACS and sso.authenticate through the sign-in path.
 */
class SsoSamlLoginTest {
    static TestServer server;
    static ApiClient client;
    static SamlIdp idp;
    static SamlLogins logins;
    static final Map<String, Object> JIT = Map.of("sso_jit_provisioning", "ALL_ALLOWED");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = server.client();
        idp = SamlIdp.create();
        logins = new SamlLogins(server, idp);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode errorOf(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        return JSON.readTree(r.body());
    }

    @Test
    void theStartRedirectCarriesASignedAuthnRequestForTheConnection() throws Exception {
        Setup s = logins.activeConnection("Saml Start Co", JIT, Map.of());
        SamlIdp.Request req = logins.start(s);
        assertThat(req.id()).isNotBlank();
        assertThat(req.issuer()).isEqualTo(s.acsUrl());
        assertThat(req.acsUrl()).isEqualTo(s.acsUrl());
        assertThat(req.destination()).isEqualTo(idp.ssoUrl);
        assertThat(req.query().get("SigAlg")).isEqualTo("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        // The signature covers the query as sent, and verifies with the connection's signing certificate.
        JsonNode c = client.get("/v1/b2b/sso/" + s.orgId())
                .body()
                .path("saml_connections")
                .get(0);
        java.security.cert.X509Certificate cert = SamlKeys.parseCertificate(
                c.path("signing_certificates").get(0).path("certificate").asText());
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(cert.getPublicKey());
        String signed =
                "SAMLRequest=" + java.net.URLEncoder.encode(req.query().get("SAMLRequest"), StandardCharsets.UTF_8)
                        + "&SigAlg=" + java.net.URLEncoder.encode(req.query().get("SigAlg"), StandardCharsets.UTF_8);
        verifier.update(signed.getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(req.query().get("Signature"))))
                .isTrue();
        assertThat(URLDecoder.decode(req.query().get("SAMLRequest"), StandardCharsets.UTF_8))
                .isNotEmpty();
    }

    @Test
    void aMemberLogsInWithASignedAssertionAndTheTokenIsRedeemedOnce() throws Exception {
        Setup s = logins.activeConnection("Saml Login Co", JIT, Map.of());
        SamlIdp.Request req = logins.start(s);
        Document d = idp.document(idp.spec(s.acsUrl(), req.id(), "ada@saml.test")
                .attribute("givenName", "Ada")
                .attribute("sn", "Lovelace")
                .attribute("groups", "engineering", "admins"));
        idp.signAssertion(d);
        HttpResponse<String> acs = logins.post(s, d);
        assertThat(acs.headers().firstValue("Location").orElseThrow())
                .startsWith(TestServer.REDIRECT_URL + "?stytch_token_type=sso&token=");
        String token = SamlLogins.tokenOf(acs);

        ApiResponse r = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.path("member_authenticated").asBoolean()).isTrue();
        assertThat(b.path("organization_id").asText()).isEqualTo(s.orgId());
        assertThat(b.path("member").path("email_address").asText()).isEqualTo("ada@saml.test");
        assertThat(b.path("member").path("email_address_verified").asBoolean()).isTrue();
        assertThat(b.path("member").path("name").asText())
                .as("a member created at its first SSO login is named as the IdP says")
                .isEqualTo("Ada Lovelace");
        JsonNode factor =
                b.path("member_session").path("authentication_factors").get(0);
        assertThat(factor.path("type").asText()).isEqualTo("sso");
        assertThat(factor.path("delivery_method").asText()).isEqualTo("sso_saml");
        assertThat(factor.path("saml_sso_factor").path("provider_id").asText()).isEqualTo(s.connectionId());
        assertThat(factor.path("saml_sso_factor").path("external_id").asText()).isEqualTo("ada@saml.test");
        JsonNode reg = b.path("member").path("sso_registrations").get(0);
        assertThat(reg.path("connection_id").asText()).isEqualTo(s.connectionId());
        assertThat(reg.path("external_id").asText()).isEqualTo("ada@saml.test");
        assertThat(factor.path("saml_sso_factor").path("id").asText())
                .isEqualTo(reg.path("registration_id").asText());
        assertThat(reg.path("sso_attributes").path("first_name").asText()).isEqualTo("Ada");
        assertThat(reg.path("sso_attributes").path("groups").toString()).contains("engineering", "admins");

        ApiResponse again = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(again.errorType()).isEqualTo("sso_token_not_found");
    }

    @Test
    void aSignedResponseWithAnUnsignedAssertionIsAccepted() throws Exception {
        Setup s = logins.activeConnection("Saml Response Signed Co", JIT, Map.of());
        SamlIdp.Request req = logins.start(s);
        Document d = idp.document(idp.spec(s.acsUrl(), req.id(), "grace@saml.test"));
        idp.signResponse(d);
        String token = SamlLogins.tokenOf(logins.post(s, d));
        assertThat(client.post("/v1/b2b/sso/authenticate", json("sso_token", token))
                        .body()
                        .path("member")
                        .path("email_address")
                        .asText())
                .isEqualTo("grace@saml.test");
    }

    @Test
    void anEncryptedAssertionIsDecryptedWithTheConnectionsKey() throws Exception {
        KeyPair encryption = SamlKeys.newRsaKeyPair();
        Setup s = logins.activeConnection(
                "Saml Encrypted Co", JIT, Map.of("saml_encryption_private_key", SamlKeys.pem(encryption.getPrivate())));
        SamlIdp.Request req = logins.start(s);
        Document d = idp.document(idp.spec(s.acsUrl(), req.id(), "enc@saml.test"));
        idp.signAssertion(d);
        SamlIdp.encryptAssertion(d, encryption.getPublic());
        assertThat(SamlIdp.xml(d)).contains("EncryptedAssertion").doesNotContain("enc@saml.test");
        String token = SamlLogins.tokenOf(logins.post(s, d));
        assertThat(client.post("/v1/b2b/sso/authenticate", json("sso_token", token))
                        .body()
                        .path("member")
                        .path("email_address")
                        .asText())
                .isEqualTo("enc@saml.test");

        // Encrypted to another key: it opens with none of the connection's keys.
        SamlIdp.Request other = logins.start(s);
        Document wrong = idp.document(idp.spec(s.acsUrl(), other.id(), "enc@saml.test"));
        idp.signAssertion(wrong);
        SamlIdp.encryptAssertion(wrong, SamlKeys.newRsaKeyPair().getPublic());
        assertThat(errorOf(logins.post(s, wrong)).path("error_type").asText()).isEqualTo("invalid_saml_response");
    }

    @Test
    void anEncryptedAssertionIsRefusedByAConnectionWithoutAnEncryptionKey() throws Exception {
        Setup s = logins.activeConnection("Saml No Key Co", JIT, Map.of());
        SamlIdp.Request req = logins.start(s);
        Document d = idp.document(idp.spec(s.acsUrl(), req.id(), "enc@saml.test"));
        idp.signAssertion(d);
        SamlIdp.encryptAssertion(d, SamlKeys.newRsaKeyPair().getPublic());
        JsonNode e = errorOf(logins.post(s, d));
        assertThat(e.path("error_type").asText()).isEqualTo("invalid_saml_response");
        assertThat(e.path("error_message").asText()).contains("no encryption private key");
    }

    @Test
    void theMfaPolicyHoldsForSamlLogins() throws Exception {
        Setup s = logins.activeConnection(
                "Saml Mfa Co",
                Map.of("sso_jit_provisioning", "ALL_ALLOWED", "mfa_policy", "REQUIRED_FOR_ALL"),
                Map.of());
        String token = logins.login(s, "mfa@saml.test");
        ApiResponse r = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isFalse();
        assertThat(r.body().path("intermediate_session_token").asText()).isNotEmpty();
        assertThat(r.body().path("session_token").asText()).isEmpty();
    }

    @Test
    void jitProvisioningFollowsTheOrganizationsSsoRules() throws Exception {
        Setup s = logins.activeConnection("Saml Nojit Co", Map.of("sso_jit_provisioning", "NOT_ALLOWED"), Map.of());
        String token = logins.login(s, "stranger@saml.test");
        ApiResponse r = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(r.errorType()).isEqualTo("invalid_connection_for_jit_provisioning");
    }

    @Test
    void aPendingConnectionDoesNotStartALogin() throws Exception {
        String org = client.post("/v1/b2b/organizations", json("organization_name", "Saml Pending Co"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        String id = client.post("/v1/b2b/sso/saml/" + org, json("display_name", "x"))
                .body()
                .path("connection")
                .path("connection_id")
                .asText();
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(logins.startUrl(new Setup(org, id, ""), "")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(errorOf(r).path("error_type").asText()).isEqualTo("sso_connection_not_active");
    }

    @Test
    void connectionAndGroupRolesAreGrantedAtLoginThroughRbac() throws Exception {
        io.latchkey.server.testing.TestPolicies.defineRoles(server, "auditor");
        Setup s = logins.activeConnection(
                "Saml Roles Co",
                JIT,
                Map.of(
                        "saml_connection_implicit_role_assignments",
                        java.util.List.of(Map.of("role_id", "auditor")),
                        "saml_group_implicit_role_assignments",
                        java.util.List.of(Map.of("role_id", "stytch_admin", "group", "admins"))));
        SamlIdp.Request req = logins.start(s);
        Document d = idp.document(
                idp.spec(s.acsUrl(), req.id(), "root@saml.test").attribute("groups", "engineering", "admins"));
        idp.signAssertion(d);
        ApiResponse r =
                client.post("/v1/b2b/sso/authenticate", json("sso_token", SamlLogins.tokenOf(logins.post(s, d))));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode roles = r.body().path("member").path("roles");
        JsonNode auditor = roleOf(roles, "auditor");
        assertThat(auditor.path("sources").get(0).path("type").asText()).isEqualTo("sso_connection");
        assertThat(auditor.path("sources")
                        .get(0)
                        .path("details")
                        .path("connection_id")
                        .asText())
                .isEqualTo(s.connectionId());
        JsonNode admin = roleOf(roles, "stytch_admin");
        assertThat(admin.path("sources").get(0).path("type").asText()).isEqualTo("sso_connection_group");
        assertThat(admin.path("sources").get(0).path("details").path("group").asText())
                .isEqualTo("admins");
        assertThat(r.body().path("member_session").path("roles").toString()).contains("auditor", "stytch_admin");
        // The session may do what the group's role allows.
        ApiResponse allowed = client.post(
                "/v1/b2b/sessions/authenticate",
                json(
                        "session_token",
                        r.body().path("session_token").asText(),
                        "authorization_check",
                        Map.of(
                                "organization_id",
                                s.orgId(),
                                "resource_id",
                                "stytch.organization",
                                "action",
                                "delete")));
        assertThat(allowed.status()).as(allowed.rawBody()).isEqualTo(200);

        // Logging in again outside the group: the group's role goes, the connection's stays.
        SamlIdp.Request again = logins.start(s);
        Document d2 =
                idp.document(idp.spec(s.acsUrl(), again.id(), "root@saml.test").attribute("groups", "engineering"));
        idp.signAssertion(d2);
        ApiResponse r2 =
                client.post("/v1/b2b/sso/authenticate", json("sso_token", SamlLogins.tokenOf(logins.post(s, d2))));
        assertThat(r2.body().path("member").path("roles").toString())
                .contains("auditor")
                .doesNotContain("stytch_admin");
        ApiResponse denied = client.post(
                "/v1/b2b/sessions/authenticate",
                json(
                        "session_token",
                        r2.body().path("session_token").asText(),
                        "authorization_check",
                        Map.of(
                                "organization_id",
                                s.orgId(),
                                "resource_id",
                                "stytch.organization",
                                "action",
                                "delete")));
        assertThat(denied.status()).isEqualTo(403);
    }

    @Test
    void aLoginThroughAnExternalConnectionToASamlConnectionLandsInItsOrganization() throws Exception {
        io.latchkey.server.testing.TestPolicies.defineRoles(server, "auditor");
        Setup parent = logins.activeConnection("Saml Parent Co", JIT, Map.of());
        String child = client.post("/v1/b2b/organizations", json("organization_name", "Saml Child Co"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        client.put("/v1/b2b/organizations/" + child, JIT);
        ApiResponse ext = client.post(
                "/v1/b2b/sso/external/" + child,
                json(
                        "external_organization_id",
                        parent.orgId(),
                        "external_connection_id",
                        parent.connectionId(),
                        "display_name",
                        "Parent's IdP",
                        "connection_implicit_role_assignments",
                        java.util.List.of(Map.of("role_id", "auditor")),
                        "group_implicit_role_assignments",
                        java.util.List.of(
                                Map.of("role_id", "stytch_admin", "group", "admins"),
                                Map.of("role_id", "stytch_admin", "group", "nobody-here"))));
        assertThat(ext.status()).as(ext.rawBody()).isEqualTo(200);
        String externalId = ext.body().path("connection").path("connection_id").asText();
        Setup through = new Setup(child, externalId, parent.acsUrl());
        SamlIdp.Request req = logins.start(through);
        assertThat(req.acsUrl()).isEqualTo(parent.acsUrl());
        Document d = idp.document(
                idp.spec(parent.acsUrl(), req.id(), "child@saml.test").attribute("groups", "admins"));
        idp.signAssertion(d);
        String token = SamlLogins.tokenOf(logins.post(parent, d));
        ApiResponse r = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        assertThat(r.body().path("organization_id").asText()).isEqualTo(child);
        JsonNode factor =
                r.body().path("member_session").path("authentication_factors").get(0);
        assertThat(factor.path("delivery_method").asText()).isEqualTo("sso_saml");
        assertThat(factor.path("saml_sso_factor").path("provider_id").asText()).isEqualTo(externalId);
        // The external connection's own role assignments apply, in its name.
        JsonNode roles = r.body().path("member").path("roles");
        JsonNode auditor = roleOf(roles, "auditor");
        assertThat(auditor.path("sources").get(0).path("type").asText()).isEqualTo("sso_connection");
        assertThat(auditor.path("sources")
                        .get(0)
                        .path("details")
                        .path("connection_id")
                        .asText())
                .isEqualTo(externalId);
        JsonNode admin = roleOf(roles, "stytch_admin");
        assertThat(admin.path("sources").toString()).contains("sso_connection_group", "admins");
        assertThat(r.body().path("member_session").path("roles").toString()).contains("auditor", "stytch_admin");
    }

    @Test
    void deletingTheConnectionTakesItsRegistrationsAndRolesFromSessionsAtOnce() throws Exception {
        Setup s = logins.activeConnection(
                "Saml Gone Co",
                JIT,
                Map.of(
                        "saml_group_implicit_role_assignments",
                        java.util.List.of(Map.of("role_id", "stytch_admin", "group", "admins"))));
        SamlIdp.Request req = logins.start(s);
        Document d =
                idp.document(idp.spec(s.acsUrl(), req.id(), "gone@saml.test").attribute("groups", "admins"));
        idp.signAssertion(d);
        ApiResponse login =
                client.post("/v1/b2b/sso/authenticate", json("sso_token", SamlLogins.tokenOf(logins.post(s, d))));
        String session = login.body().path("session_token").asText();
        // A check first, so the member's view is cached on this node.
        ApiResponse before = client.post("/v1/b2b/sessions/authenticate", json("session_token", session));
        assertThat(before.body().path("member_session").path("roles").toString())
                .contains("stytch_admin");

        assertThat(client.delete("/v1/b2b/sso/" + s.orgId() + "/connections/" + s.connectionId())
                        .status())
                .isEqualTo(200);
        ApiResponse after = client.post("/v1/b2b/sessions/authenticate", json("session_token", session));
        assertThat(after.status()).as(after.rawBody()).isEqualTo(200);
        assertThat(after.body().path("member_session").path("roles").toString()).doesNotContain("stytch_admin");
        assertThat(after.body().path("member").path("sso_registrations")).isEmpty();
    }

    static JsonNode roleOf(JsonNode roles, String id) {
        for (JsonNode r : roles) {
            if (r.path("role_id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no role " + id + " in " + roles);
    }
}
