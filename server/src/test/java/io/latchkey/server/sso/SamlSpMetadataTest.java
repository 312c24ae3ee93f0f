package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.onelogin.saml2.util.SchemaFactory;
import com.onelogin.saml2.util.Util;
import io.latchkey.server.sso.saml.SamlKeys;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.SamlIdp;
import io.latchkey.server.testing.SamlLogins;
import io.latchkey.server.testing.SamlLogins.Setup;
import io.latchkey.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The SP metadata as an IdP reads it: the signing certificate, and for each encryption private key
 * of the connection a certificate the IdP can encrypt assertions to; an assertion encrypted to the
 * published certificate logs in.
 */
class SamlSpMetadataTest {
    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    static final Map<String, Object> JIT = Map.of("sso_jit_provisioning", "ALL_ALLOWED");

    static TestServer server;
    static ApiClient client;
    static SamlIdp idp;
    static SamlLogins logins;

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

    /** The metadata as an IdP downloads it, parsed without DTDs, after checking it against the SAML metadata schema. */
    static Document metadata(Setup s) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(server.baseUrl() + "/v1/b2b/sso/saml/metadata/" + s.connectionId()))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Util.validateXML(Util.loadXML(r.body()), SchemaFactory.SAML_SCHEMA_METADATA_2_0))
                .as(r.body())
                .isTrue();
        return SamlIdp.parse(r.body());
    }

    /** The certificates of the SP's KeyDescriptors with this {@code use}, in document order. */
    static List<X509Certificate> certificates(Document metadata, String use) {
        List<X509Certificate> out = new ArrayList<>();
        NodeList descriptors = metadata.getElementsByTagNameNS(MD, "KeyDescriptor");
        for (int i = 0; i < descriptors.getLength(); i++) {
            Element kd = (Element) descriptors.item(i);
            assertThat(kd.getParentNode().getLocalName()).isEqualTo("SPSSODescriptor");
            if (use.equals(kd.getAttribute("use"))) {
                String body =
                        kd.getElementsByTagNameNS(DS, "X509Certificate").item(0).getTextContent();
                out.add(SamlKeys.parseCertificate(body));
            }
        }
        return out;
    }

    @Test
    void aConnectionWithoutAnEncryptionKeyPublishesItsSigningCertificateOnly() throws Exception {
        Setup s = logins.activeConnection("Metadata Plain Co", JIT, Map.of());
        Document md = metadata(s);
        assertThat(certificates(md, "signing")).hasSize(1);
        assertThat(certificates(md, "encryption")).isEmpty();
    }

    @Test
    void theEncryptionKeysCertificateIsPublishedAndAnAssertionEncryptedToItLogsIn() throws Exception {
        KeyPair encryption = SamlKeys.newRsaKeyPair();
        Setup s = logins.activeConnection(
                "Metadata Encrypted Co",
                JIT,
                Map.of("saml_encryption_private_key", SamlKeys.pem(encryption.getPrivate())));
        Document md = metadata(s);
        List<X509Certificate> published = certificates(md, "encryption");
        assertThat(published).hasSize(1);
        X509Certificate cert = published.get(0);
        assertThat(cert.getPublicKey()).isEqualTo(encryption.getPublic());
        cert.checkValidity();
        X509Certificate signing = certificates(md, "signing").get(0);
        assertThat(signing.getPublicKey()).isNotEqualTo(cert.getPublicKey());
        // The same certificate on every read (and every node: it is stored with the key).
        assertThat(certificates(metadata(s), "encryption")).containsExactly(cert);

        // The IdP encrypts to what it read: an SP-initiated login...
        SamlIdp.Request req = logins.start(s);
        Document d = idp.document(idp.spec(s.acsUrl(), req.id(), "sealed@metadata.test"));
        idp.signAssertion(d);
        SamlIdp.encryptAssertion(d, cert.getPublicKey());
        assertThat(SamlIdp.xml(d)).doesNotContain("sealed@metadata.test");
        assertThat(emailOf(SamlLogins.tokenOf(logins.post(s, d)))).isEqualTo("sealed@metadata.test");
        // ...and an IdP-initiated one.
        Document u = idp.document(idp.spec(s.acsUrl(), null, "unsolicited@metadata.test"));
        idp.signAssertion(u);
        SamlIdp.encryptAssertion(u, cert.getPublicKey());
        assertThat(emailOf(SamlLogins.tokenOf(logins.post(s, u)))).isEqualTo("unsolicited@metadata.test");
    }

    @Test
    void everyEncryptionKeyIsPublishedNewestFirstUntilItIsDeleted() throws Exception {
        KeyPair older = SamlKeys.newRsaKeyPair();
        KeyPair newer = SamlKeys.newRsaKeyPair();
        Setup s = logins.activeConnection(
                "Metadata Rotation Co", JIT, Map.of("saml_encryption_private_key", SamlKeys.pem(older.getPrivate())));
        String path = "/v1/b2b/sso/saml/" + s.orgId() + "/connections/" + s.connectionId();
        server.clock().advance(Duration.ofSeconds(1));
        ApiResponse added = client.put(path, json("saml_encryption_private_key", SamlKeys.pem(newer.getPrivate())));
        assertThat(added.status()).as(added.rawBody()).isEqualTo(200);
        assertThat(certificates(metadata(s), "encryption"))
                .extracting(X509Certificate::getPublicKey)
                .containsExactly(newer.getPublic(), older.getPublic());

        // Deleted keys leave the metadata with them.
        for (JsonNode k : added.body().path("connection").path("encryption_private_keys")) {
            ApiResponse deleted = client.delete(path + "/encryption_private_keys/"
                    + k.path("private_key_id").asText());
            assertThat(deleted.status()).as(deleted.rawBody()).isEqualTo(200);
        }
        assertThat(certificates(metadata(s), "encryption")).isEmpty();
    }

    @Test
    void aKeyStoredWithoutACertificateGetsTheSameOneOnEveryRead() throws Exception {
        KeyPair encryption = SamlKeys.newRsaKeyPair();
        Setup s = logins.activeConnection(
                "Metadata Legacy Co",
                JIT,
                Map.of("saml_encryption_private_key", SamlKeys.pem(encryption.getPrivate())));
        // As a key added before certificates were stored with encryption keys.
        server.app()
                .database()
                .useTransaction(tx -> tx.update(
                        "UPDATE sso_saml_keys SET certificate = '' WHERE connection_id = ? AND purpose = 'encryption'",
                        s.connectionId()));
        X509Certificate first = certificates(metadata(s), "encryption").get(0);
        assertThat(first.getPublicKey()).isEqualTo(encryption.getPublic());
        assertThat(certificates(metadata(s), "encryption")).containsExactly(first);
        assertThat(certificates(metadata(server.startNode(o -> o), s), "encryption"))
                .containsExactly(first);
    }

    static Document metadata(io.latchkey.server.App node, Setup s) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        TestServer.baseUrlOf(node) + "/v1/b2b/sso/saml/metadata/" + s.connectionId()))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SamlIdp.parse(r.body());
    }

    static String emailOf(String ssoToken) {
        ApiResponse r = client.post("/v1/b2b/sso/authenticate", json("sso_token", ssoToken));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        return r.body().path("member").path("email_address").asText();
    }
}
