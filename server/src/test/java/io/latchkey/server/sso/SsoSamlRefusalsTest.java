package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.App;
import io.latchkey.server.sso.saml.SamlKeys;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.SamlIdp;
import io.latchkey.server.testing.SamlLogins;
import io.latchkey.server.testing.SamlLogins.Setup;
import io.latchkey.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a careful SP refuses at the ACS, each with the IdP's otherwise valid response changed in
 * one way: signatures (missing, another key, wrapping), audience, recipient and destination, the
 * validity window against a small clock skew, InResponseTo, replayed assertions (on every node),
 * the issuer and the status. Every refusal leaves no SSO token and no member behind.
 */
class SsoSamlRefusalsTest {
    static TestServer server;
    static ApiClient client;
    static SamlIdp idp;
    static SamlLogins logins;
    static Setup setup;
    static final Map<String, Object> JIT = Map.of("sso_jit_provisioning", "ALL_ALLOWED");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MALLORY = "mallory@evil.test";

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = server.client();
        idp = SamlIdp.create();
        logins = new SamlLogins(server, idp);
        setup = logins.activeConnection("Saml Refusals Co", JIT, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh request and the spec of a valid answer to it. */
    static SamlIdp.Spec answer(String email) throws Exception {
        return idp.spec(setup.acsUrl(), logins.start(setup).id(), email);
    }

    static void assertRefused(Document d, String errorType) throws Exception {
        assertRefused(logins.post(setup, d), errorType);
    }

    static void assertRefused(HttpResponse<String> r, String errorType) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(JSON.readTree(r.body()).path("error_type").asText())
                .as(r.body())
                .isEqualTo(errorType);
        ApiResponse members = client.post(
                "/v1/b2b/organizations/members/search",
                json("organization_ids", java.util.List.of(setup.orgId()), "limit", 100));
        assertThat(members.rawBody()).doesNotContain(MALLORY);
    }

    static Element firstChild(Element parent, String ns, String local) {
        NodeList l = parent.getElementsByTagNameNS(ns, local);
        return (Element) l.item(0);
    }

    /** An unsigned copy of the assertion saying {@code email}, with another ID. */
    static Element evilCopy(Element signed, String id) {
        Element evil = (Element) signed.cloneNode(true);
        evil.setAttribute("ID", id);
        Node sig = evil.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")
                .item(0);
        if (sig != null) {
            sig.getParentNode().removeChild(sig);
        }
        rewriteEmail(evil, MALLORY);
        return evil;
    }

    static void rewriteEmail(Element assertion, String email) {
        firstChild(assertion, SamlIdp.NS_SAML, "NameID").setTextContent(email);
        NodeList values = assertion.getElementsByTagNameNS(SamlIdp.NS_SAML, "AttributeValue");
        values.item(0).setTextContent(email);
    }

    // ---------------------------------------------------------------- signatures

    @Test
    void anUnsignedResponseIsRefused() throws Exception {
        assertRefused(idp.document(answer(MALLORY)), "missing_signature_saml_response");
    }

    @Test
    void aResponseSignedByAnotherKeyIsRefused() throws Exception {
        KeyPair other = SamlKeys.newRsaKeyPair();
        Document d = idp.document(answer(MALLORY));
        SamlIdp.sign(SamlIdp.assertion(d), other.getPrivate(), SamlKeys.selfSigned(other, "test-idp", Instant.now()));
        assertRefused(d, "invalid_signature_saml_response");
        Document r = idp.document(answer(MALLORY));
        SamlIdp.sign(r.getDocumentElement(), other.getPrivate(), SamlKeys.selfSigned(other, "evil", Instant.now()));
        assertRefused(r, "invalid_signature_saml_response");
    }

    @Test
    void anAssertionChangedAfterSigningIsRefused() throws Exception {
        Document d = idp.document(answer("ada@saml.test"));
        idp.signAssertion(d);
        rewriteEmail(SamlIdp.assertion(d), MALLORY);
        assertRefused(d, "invalid_signature_saml_response");
        Document r = idp.document(answer("ada@saml.test"));
        idp.signResponse(r);
        rewriteEmail(SamlIdp.assertion(r), MALLORY);
        assertRefused(r, "invalid_signature_saml_response");
    }

    @Test
    void signatureWrappingAnUnsignedAssertionBesideTheSignedOneIsRefused() throws Exception {
        Document d = idp.document(answer("ada@saml.test"));
        idp.signAssertion(d);
        Element signed = SamlIdp.assertion(d);
        d.getDocumentElement().insertBefore(evilCopy(signed, "_evil"), signed);
        assertRefused(d, "invalid_signature_saml_response");
    }

    @Test
    void signatureWrappingTheSignedAssertionInsideAnEvilOnesAdviceIsRefused() throws Exception {
        Document d = idp.document(answer("ada@saml.test"));
        idp.signAssertion(d);
        Element signed = SamlIdp.assertion(d);
        Element evil = evilCopy(signed, "_evil");
        Element advice = d.createElementNS(SamlIdp.NS_SAML, "saml:Advice");
        Element conditions = firstChild(evil, SamlIdp.NS_SAML, "Conditions");
        evil.insertBefore(advice, conditions.getNextSibling());
        d.getDocumentElement().replaceChild(evil, signed);
        advice.appendChild(signed);
        assertRefused(d, "invalid_signature_saml_response");
    }

    @Test
    void signatureWrappingTheSignedAssertionIntoExtensionsBehindAnEvilOneWithItsIdIsRefused() throws Exception {
        Document d = idp.document(answer("ada@saml.test"));
        idp.signAssertion(d);
        Element signed = SamlIdp.assertion(d);
        Element evil = evilCopy(signed, signed.getAttribute("ID"));
        Element extensions = d.createElementNS(SamlIdp.NS_SAMLP, "samlp:Extensions");
        Element status = firstChild(d.getDocumentElement(), SamlIdp.NS_SAMLP, "Status");
        d.getDocumentElement().insertBefore(extensions, status);
        d.getDocumentElement().replaceChild(evil, signed);
        extensions.appendChild(signed);
        assertRefused(d, "invalid_signature_saml_response");
    }

    @Test
    void aResponseSignatureThatReferencesTheAssertionIsRefused() throws Exception {
        // A signature placed on the response but covering only the assertion: a classic wrapping shape.
        Document d = idp.document(answer("ada@saml.test"));
        idp.signAssertion(d);
        Element assertion = SamlIdp.assertion(d);
        Node sig = assertion
                .getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")
                .item(0);
        Node issuer = firstChild(d.getDocumentElement(), SamlIdp.NS_SAML, "Issuer");
        d.getDocumentElement().insertBefore(sig, issuer.getNextSibling());
        rewriteEmail(assertion, MALLORY);
        assertRefused(d, "invalid_signature_saml_response");
    }

    // ---------------------------------------------------------------- audience, recipient, destination

    @Test
    void anAssertionForAnotherAudienceIsRefused() throws Exception {
        SamlIdp.Spec s = answer(MALLORY);
        s.audience = "https://another-sp.example.test/acs";
        Document d = idp.document(s);
        idp.signAssertion(d);
        assertRefused(d, "invalid_audience_saml_response");
    }

    @Test
    void theAlternativeAudienceIsAccepted() throws Exception {
        Setup alt =
                logins.activeConnection("Saml Alt Audience Co", JIT, Map.of("alternative_audience_uri", "urn:old:sp"));
        SamlIdp.Request req = logins.start(alt);
        assertThat(req.issuer()).isEqualTo("urn:old:sp");
        SamlIdp.Spec s = idp.spec(alt.acsUrl(), req.id(), "alt@saml.test");
        s.audience = "urn:old:sp";
        Document d = idp.document(s);
        idp.signAssertion(d);
        assertThat(SamlLogins.tokenOf(logins.post(alt, d))).isNotEmpty();
    }

    @Test
    void anAssertionForAnotherRecipientIsRefused() throws Exception {
        SamlIdp.Spec s = answer(MALLORY);
        s.recipient = "https://another-sp.example.test/acs";
        Document d = idp.document(s);
        idp.signAssertion(d);
        assertRefused(d, "invalid_saml_destination");
    }

    @Test
    void aResponseForAnotherDestinationIsRefused() throws Exception {
        SamlIdp.Spec s = answer(MALLORY);
        s.destination = "https://another-sp.example.test/acs";
        Document d = idp.document(s);
        idp.signResponse(d);
        assertRefused(d, "invalid_saml_destination");
    }

    // ---------------------------------------------------------------- validity window

    @Test
    void anAssertionPastItsNotOnOrAfterByMoreThanTheSkewIsRefused() throws Exception {
        SamlIdp.Spec s = answer(MALLORY);
        // 90 s late: past this server's 60 s skew (the library alone would allow three minutes).
        s.notOnOrAfter = idp.now().minusSeconds(90);
        Document d = idp.document(s);
        idp.signAssertion(d);
        assertRefused(d, "expired_saml_response");
        SamlIdp.Spec sub = answer(MALLORY);
        sub.subjectNotOnOrAfter = idp.now().minusSeconds(90);
        Document d2 = idp.document(sub);
        idp.signAssertion(d2);
        assertRefused(d2, "expired_saml_response");
    }

    @Test
    void anAssertionBeforeItsNotBeforeByMoreThanTheSkewIsRefused() throws Exception {
        SamlIdp.Spec s = answer(MALLORY);
        s.notBefore = idp.now().plusSeconds(90);
        Document d = idp.document(s);
        idp.signAssertion(d);
        assertRefused(d, "not_yet_valid_saml_response");
    }

    @Test
    void anIdpClockWithinTheSkewIsAccepted() throws Exception {
        SamlIdp.Spec s = answer("skew@saml.test");
        s.notBefore = idp.now().plusSeconds(20);
        s.notOnOrAfter = idp.now().plusSeconds(30);
        Document d = idp.document(s);
        idp.signAssertion(d);
        assertThat(SamlLogins.tokenOf(logins.post(setup, d))).isNotEmpty();
    }

    // ---------------------------------------------------------------- InResponseTo and replay

    @Test
    void aResponseToARequestThisServerNeverSentIsRefused() throws Exception {
        Document d = idp.document(idp.spec(setup.acsUrl(), "_made_up_request_id", MALLORY));
        idp.signAssertion(d);
        assertRefused(d, "unsolicited_saml_response");
    }

    @Test
    void anUnsolicitedResponseIsRefusedByAConnectionThatDisablesIdpInitiatedLogin() throws Exception {
        // IdP-initiated logins are allowed by default (Stytch's default); SsoSamlIdpInitiatedTest has the rest.
        ApiResponse off = client.put(
                "/v1/b2b/sso/saml/" + setup.orgId() + "/connections/" + setup.connectionId(),
                json("idp_initiated_auth_disabled", true));
        assertThat(off.status()).as(off.rawBody()).isEqualTo(200);
        try {
            Document d = idp.document(idp.spec(setup.acsUrl(), null, MALLORY));
            idp.signAssertion(d);
            assertRefused(d, "unsolicited_saml_response");
        } finally {
            client.put(
                    "/v1/b2b/sso/saml/" + setup.orgId() + "/connections/" + setup.connectionId(),
                    json("idp_initiated_auth_disabled", false));
        }
    }

    @Test
    void aResponseToAnotherConnectionsRequestIsRefused() throws Exception {
        Setup other = logins.activeConnection("Saml Other Request Co", JIT, Map.of());
        String otherRequest = logins.start(other).id();
        Document d = idp.document(idp.spec(setup.acsUrl(), otherRequest, MALLORY));
        idp.signAssertion(d);
        assertRefused(d, "unsolicited_saml_response");
    }

    @Test
    void anAnsweredRequestIsNotAnsweredTwice() throws Exception {
        Document d = idp.document(answer("once@saml.test"));
        idp.signAssertion(d);
        String encoded = SamlIdp.encode(d);
        assertThat(SamlLogins.tokenOf(logins.postEncoded(setup, encoded))).isNotEmpty();
        assertRefused(logins.postEncoded(setup, encoded), "unsolicited_saml_response");
    }

    @Test
    void aReplayedAssertionIsRefusedOnEveryNode() throws Exception {
        SamlIdp.Spec first = answer("replay@saml.test");
        Document d = idp.document(first);
        idp.signAssertion(d);
        assertThat(SamlLogins.tokenOf(logins.post(setup, d))).isNotEmpty();

        // The same assertion (same ID) answering a new request of this server, here and on another node.
        SamlIdp.Spec again = answer("replay@saml.test");
        again.assertionId = first.assertionId;
        Document d2 = idp.document(again);
        idp.signAssertion(d2);
        assertRefused(logins.post(setup, d2), "duplicate_saml_response");

        App node = server.startNode(o -> o);
        SamlIdp.Spec third = answer("replay@saml.test");
        third.assertionId = first.assertionId;
        Document d3 = idp.document(third);
        idp.signAssertion(d3);
        assertRefused(logins.postTo(TestServer.baseUrlOf(node), setup, SamlIdp.encode(d3)), "duplicate_saml_response");
    }

    // ---------------------------------------------------------------- issuer, status, garbage

    @Test
    void aResponseFromAnotherIssuerIsRefused() throws Exception {
        SamlIdp.Spec s = answer(MALLORY);
        s.issuer = "https://evil-idp.example.test";
        Document d = idp.document(s);
        idp.signAssertion(d);
        assertRefused(d, "invalid_saml_response");
    }

    @Test
    void aResponseWhoseStatusIsNotSuccessIsRefused() throws Exception {
        SamlIdp.Spec s = answer(MALLORY);
        s.status = "urn:oasis:names:tc:SAML:2.0:status:Requester";
        Document d = idp.document(s);
        idp.signResponse(d);
        assertRefused(d, "failed_saml_response");
    }

    @Test
    void aSignedResponseThatBreaksTheSamlSchemaIsRefused() throws Exception {
        Document d = idp.document(answer(MALLORY));
        Element assertion = SamlIdp.assertion(d);
        Element subject = firstChild(assertion, SamlIdp.NS_SAML, "Subject");
        assertion.insertBefore(d.createElementNS(SamlIdp.NS_SAML, "saml:Unexpected"), subject);
        idp.signAssertion(d);
        HttpResponse<String> r = logins.post(setup, d);
        assertRefused(r, "invalid_saml_response");
        assertThat(r.body()).contains("schema");
    }

    @Test
    void garbageAndDocumentsWithEntitiesAreRefused() throws Exception {
        assertRefused(logins.postEncoded(setup, "not base64 at all!"), "invalid_xml_saml_response");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" InResponseTo=\"x\">&x;"
                + "</samlp:Response>";
        assertRefused(
                logins.postEncoded(
                        setup,
                        java.util.Base64.getEncoder()
                                .encodeToString(xxe.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                "invalid_xml_saml_response");
        assertRefused(logins.postEncoded(setup, ""), "missing_saml_response");
    }
}
