package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.sso.saml.SamlKeys;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.SamlIdp;
import io.latchkey.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SAML connections over HTTP, on a production-mode server: create, update, activation, keys and
 * certificates, the metadata URL's refusals, the SP metadata, list and delete.
 */
class SamlConnectionsTest {
    static TestServer server;
    static ApiClient client;
    static final SamlIdp IDP = SamlIdp.create();

    @BeforeAll
    static void start() {
        server = TestServer.start(o -> o.withDevMode(false));
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String newOrg(String name) {
        ApiResponse r = client.post("/v1/b2b/organizations", json("organization_name", name));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        return r.body().path("organization").path("organization_id").asText();
    }

    static String createSaml(String orgId) {
        ApiResponse r = client.post(
                "/v1/b2b/sso/saml/" + orgId, json("display_name", "Acme SAML", "identity_provider", "okta"));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        return r.body().path("connection").path("connection_id").asText();
    }

    static String path(String org, String id) {
        return "/v1/b2b/sso/saml/" + org + "/connections/" + id;
    }

    static Map<String, Object> idpSettings(SamlIdp idp) {
        return json(
                "idp_entity_id",
                idp.entityId,
                "idp_sso_url",
                idp.ssoUrl,
                "x509_certificate",
                idp.certificatePem(),
                "attribute_mapping",
                Map.of("email", "email", "full_name", "name"));
    }

    @Test
    void createAnswersAPendingConnectionWithItsUrlsAndASigningCertificate() {
        String org = newOrg("Saml Create Co");
        ApiResponse r =
                client.post("/v1/b2b/sso/saml/" + org, json("display_name", "Acme SAML", "identity_provider", "okta"));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        assertThat(r.body().path("status_code").asInt()).isEqualTo(200);
        JsonNode c = r.body().path("connection");
        String id = c.path("connection_id").asText();
        assertThat(id).matches("saml-connection-test-[0-9a-f-]{36}");
        assertThat(c.path("organization_id").asText()).isEqualTo(org);
        assertThat(c.path("status").asText()).isEqualTo("pending");
        assertThat(c.path("display_name").asText()).isEqualTo("Acme SAML");
        assertThat(c.path("identity_provider").asText()).isEqualTo("okta");
        assertThat(c.path("acs_url").asText()).isEqualTo("http://127.0.0.1/v1/b2b/sso/callback/" + id);
        assertThat(c.path("audience_uri").asText()).isEqualTo(c.path("acs_url").asText());
        assertThat(c.path("nameid_format").asText())
                .isEqualTo("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
        assertThat(c.path("idp_entity_id").asText()).isEmpty();
        assertThat(c.path("verification_certificates")).isEmpty();
        assertThat(c.path("encryption_private_keys")).isEmpty();
        assertThat(c.path("saml_connection_implicit_role_assignments")).isEmpty();
        assertThat(c.path("idp_initiated_auth_disabled").asBoolean(true)).isFalse();
        JsonNode signing = c.path("signing_certificates");
        assertThat(signing).hasSize(1);
        assertThat(signing.get(0).path("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(signing.get(0).path("certificate_id").asText()).isNotEmpty();
        assertThat(signing.get(0).path("issuer").asText()).contains(id);
        assertThat(signing.get(0).path("expires_at").asText()).isNotEmpty();
        // The first connection becomes the organization's default; a pending one is not active.
        JsonNode o = client.get("/v1/b2b/organizations/" + org).body().path("organization");
        assertThat(o.path("sso_default_connection_id").asText()).isEqualTo(id);
        assertThat(o.path("sso_active_connections")).isEmpty();
    }

    @Test
    void updateWithTheIdpsSettingsActivatesTheConnectionAndListsIt() {
        String org = newOrg("Saml Update Co");
        String id = createSaml(org);
        ApiResponse r = client.put(path(org, id), idpSettings(IDP));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode c = r.body().path("connection");
        assertThat(c.path("status").asText()).isEqualTo("active");
        assertThat(c.path("idp_entity_id").asText()).isEqualTo(IDP.entityId);
        assertThat(c.path("idp_sso_url").asText()).isEqualTo(IDP.ssoUrl);
        assertThat(c.path("attribute_mapping").path("full_name").asText()).isEqualTo("name");
        JsonNode cert = c.path("verification_certificates").get(0);
        assertThat(cert.path("certificate").asText()).isEqualTo(IDP.certificatePem());
        assertThat(cert.path("issuer").asText()).isEqualTo("CN=test-idp");
        // Sending the same certificate again does not add it twice.
        ApiResponse again = client.put(path(org, id), json("x509_certificate", IDP.certificatePem()));
        assertThat(again.body().path("connection").path("verification_certificates"))
                .hasSize(1);

        JsonNode o = client.get("/v1/b2b/organizations/" + org).body().path("organization");
        assertThat(o.path("sso_active_connections").get(0).path("connection_id").asText())
                .isEqualTo(id);
        JsonNode list = client.get("/v1/b2b/sso/" + org).body();
        assertThat(list.path("saml_connections")).hasSize(1);
        assertThat(list.path("saml_connections").get(0).path("connection_id").asText())
                .isEqualTo(id);
        assertThat(list.path("oidc_connections")).isEmpty();
        assertThat(list.path("external_connections")).isEmpty();
    }

    @Test
    void updateRefusesWhatIsNotACertificateAnHttpSsoUrlAnUnknownRoleAndABadNameidFormat() {
        String org = newOrg("Saml Refusals Co");
        String id = createSaml(org);
        assertError(
                client.put(path(org, id), json("x509_certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n")),
                400,
                "invalid_x509_certificate");
        assertError(
                client.put(path(org, id), json("idp_sso_url", "http://idp.example.test/sso")),
                400,
                "invalid_idp_sso_url");
        assertError(
                client.put(
                        path(org, id),
                        json(
                                "saml_group_implicit_role_assignments",
                                List.of(Map.of("role_id", "no-such-role", "group", "g")))),
                400,
                "invalid_role");
        assertError(client.put(path(org, id), json("nameid_format", "email please")), 400, "invalid_nameid_format");
        assertError(
                client.put(path(org, id), json("signing_private_key", "not a key")),
                400,
                "saml_signing_private_key_invalid");
        assertError(
                client.put(path(org, id), json("saml_encryption_private_key", "not a key")),
                400,
                "invalid_private_key");
        assertError(
                client.put(path(org, id), json("attribute_mapping", Map.of("email", Map.of("nested", "email")))),
                400,
                "saml_connection_no_nested_keys_in_attribute_mapping");
        assertError(
                client.put(path(org, id), json("attribute_mapping", Map.of("email", List.of("a", "b")))),
                400,
                "invalid_attribute_mapping");
        JsonNode c =
                client.get("/v1/b2b/sso/" + org).body().path("saml_connections").get(0);
        assertThat(c.path("verification_certificates")).isEmpty();
        assertThat(c.path("idp_sso_url").asText()).isEmpty();
        assertThat(c.path("saml_group_implicit_role_assignments")).isEmpty();
    }

    @Test
    void roleAssignmentsAndTheOtherSettingsAreKept() {
        String org = newOrg("Saml Settings Co");
        String id = createSaml(org);
        ApiResponse r = client.put(
                path(org, id),
                json(
                        "saml_connection_implicit_role_assignments",
                        List.of(Map.of("role_id", "stytch_admin")),
                        "saml_group_implicit_role_assignments",
                        List.of(Map.of("role_id", "stytch_admin", "group", "admins")),
                        "alternative_audience_uri",
                        "urn:old:sp",
                        "nameid_format",
                        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
                        "alternative_acs_url",
                        "https://old.example.test/acs",
                        "idp_initiated_auth_disabled",
                        true,
                        "display_name",
                        "Renamed"));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode c = r.body().path("connection");
        assertThat(c.path("saml_connection_implicit_role_assignments")
                        .get(0)
                        .path("role_id")
                        .asText())
                .isEqualTo("stytch_admin");
        assertThat(c.path("saml_group_implicit_role_assignments")
                        .get(0)
                        .path("group")
                        .asText())
                .isEqualTo("admins");
        assertThat(c.path("alternative_audience_uri").asText()).isEqualTo("urn:old:sp");
        assertThat(c.path("nameid_format").asText()).endsWith(":persistent");
        assertThat(c.path("alternative_acs_url").asText()).isEqualTo("https://old.example.test/acs");
        assertThat(c.path("idp_initiated_auth_disabled").asBoolean()).isTrue();
        assertThat(c.path("display_name").asText()).isEqualTo("Renamed");
        assertThat(c.path("status").asText()).isEqualTo("pending");
    }

    @Test
    void theSigningKeyCanBeReplacedAndEncryptionKeysAddedAndDeletedButNeverAnswered() {
        String org = newOrg("Saml Keys Co");
        String id = createSaml(org);
        String signingPem = SamlKeys.pem(SamlKeys.newRsaKeyPair().getPrivate());
        String encryptionPem = SamlKeys.pem(SamlKeys.newRsaKeyPair().getPrivate());
        String before = client.get("/v1/b2b/sso/" + org)
                .body()
                .path("saml_connections")
                .get(0)
                .path("signing_certificates")
                .get(0)
                .path("certificate")
                .asText();
        ApiResponse r = client.put(
                path(org, id), json("signing_private_key", signingPem, "saml_encryption_private_key", encryptionPem));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode c = r.body().path("connection");
        assertThat(c.path("signing_certificates")).hasSize(1);
        assertThat(c.path("signing_certificates").get(0).path("certificate").asText())
                .isNotEqualTo(before);
        JsonNode key = c.path("encryption_private_keys").get(0);
        assertThat(key.path("private_key").asText()).isEmpty();
        assertThat(r.rawBody()).doesNotContain("PRIVATE KEY");

        // At rest the keys are sealed: neither PEM, nor its base64 body, is in any table.
        String everything = DbSnapshot.everyTable(server.app().database()).toString();
        String body = encryptionPem.lines().skip(1).findFirst().orElseThrow();
        assertThat(everything).doesNotContain("PRIVATE KEY").doesNotContain(body);

        String keyId = key.path("private_key_id").asText();
        assertError(
                client.delete(path(org, id) + "/encryption_private_keys/no-such-key"),
                404,
                "encryption_private_key_not_found");
        ApiResponse deleted = client.delete(path(org, id) + "/encryption_private_keys/" + keyId);
        assertThat(deleted.status()).as(deleted.rawBody()).isEqualTo(200);
        assertThat(deleted.body().path("private_key_id").asText()).isEqualTo(keyId);
        assertThat(client.get("/v1/b2b/sso/" + org)
                        .body()
                        .path("saml_connections")
                        .get(0)
                        .path("encryption_private_keys"))
                .isEmpty();
    }

    @Test
    void anActiveConnectionKeepsItsLastVerificationCertificate() {
        String org = newOrg("Saml Certs Co");
        String id = createSaml(org);
        JsonNode c = client.put(path(org, id), idpSettings(IDP)).body().path("connection");
        String first = c.path("verification_certificates")
                .get(0)
                .path("certificate_id")
                .asText();
        assertError(
                client.delete(path(org, id) + "/verification_certificates/" + first),
                400,
                "cannot_delete_last_sso_verification_key");
        assertError(
                client.delete(path(org, id) + "/verification_certificates/no-such-cert"),
                404,
                "sso_verification_key_not_found");
        SamlIdp rotated = SamlIdp.create();
        client.put(path(org, id), json("x509_certificate", rotated.certificatePem()));
        ApiResponse r = client.delete(path(org, id) + "/verification_certificates/" + first);
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        assertThat(r.body().path("certificate_id").asText()).isEqualTo(first);
        JsonNode left = client.get("/v1/b2b/sso/" + org)
                .body()
                .path("saml_connections")
                .get(0)
                .path("verification_certificates");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("certificate").asText()).isEqualTo(rotated.certificatePem());
    }

    @Test
    void theMetadataUrlMustBeHttpsAndNeverAnInternalAddress() {
        String org = newOrg("Saml Ssrf Co");
        String id = createSaml(org);
        for (String url : List.of(
                "http://idp.example.test/metadata",
                "ftp://idp.example.test/metadata",
                "https://127.0.0.1/metadata",
                "https://localhost/metadata",
                "https://10.0.0.5/metadata",
                "https://192.168.1.1/metadata",
                "https://172.16.0.1/metadata",
                "https://169.254.169.254/latest/meta-data",
                "https://100.64.0.1/metadata",
                "https://[::1]/metadata",
                "https://[fd00::1]/metadata",
                "https://[fe80::1]/metadata",
                "https://0.0.0.0/metadata",
                "https://user@idp.example.test/metadata",
                "")) {
            assertError(
                    client.put(path(org, id) + "/url", json("metadata_url", url)), 400, "invalid_saml_metadata_url");
        }
        JsonNode c =
                client.get("/v1/b2b/sso/" + org).body().path("saml_connections").get(0);
        assertThat(c.path("idp_entity_id").asText()).isEmpty();
        // Another organization's connection is not found before any URL is looked at.
        String other = newOrg("Saml Ssrf Other Co");
        assertError(
                client.put(path(other, id) + "/url", json("metadata_url", "https://127.0.0.1/")),
                404,
                "sso_connection_not_found");
    }

    @Test
    void theSpMetadataIsPublicAndNamesTheEntityIdAcsUrlAndSigningCertificate() throws Exception {
        String org = newOrg("Saml Metadata Co");
        String id = createSaml(org);
        JsonNode c =
                client.get("/v1/b2b/sso/" + org).body().path("saml_connections").get(0);
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/b2b/sso/saml/metadata/" + id))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/samlmetadata+xml");
        String acs = c.path("acs_url").asText();
        assertThat(r.body())
                .contains("entityID=\"" + acs + "\"")
                .contains("Location=\"" + acs + "\"")
                .contains("AuthnRequestsSigned=\"true\"");
        String cert = c.path("signing_certificates").get(0).path("certificate").asText();
        assertThat(r.body().replaceAll("\\s", ""))
                .contains(cert.replace("-----BEGIN CERTIFICATE-----", "")
                        .replace("-----END CERTIFICATE-----", "")
                        .replaceAll("\\s", ""));
        HttpResponse<String> missing = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        server.baseUrl() + "/v1/b2b/sso/saml/metadata/saml-connection-test-nope"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void deleteConnectionRemovesASamlConnectionWithItsKeys() {
        String org = newOrg("Saml Delete Co");
        String id = createSaml(org);
        ApiResponse r = client.delete("/v1/b2b/sso/" + org + "/connections/" + id);
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        assertThat(client.get("/v1/b2b/sso/" + org).body().path("saml_connections"))
                .isEmpty();
        assertThat(DbSnapshot.everyTable(server.app().database()).toString()).doesNotContain(id);
        assertError(client.put(path(org, id), json("display_name", "x")), 404, "sso_connection_not_found");
    }

    @Test
    void anOidcConnectionIsNotUpdatedThroughTheSamlCalls() {
        String org = newOrg("Saml Kind Co");
        String oidc = client.post("/v1/b2b/sso/oidc/" + org, json("display_name", "OIDC"))
                .body()
                .path("connection")
                .path("connection_id")
                .asText();
        assertError(client.put(path(org, oidc), json("display_name", "x")), 404, "sso_connection_not_found");
    }
}
