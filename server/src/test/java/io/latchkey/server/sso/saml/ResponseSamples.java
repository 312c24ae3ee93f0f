package io.latchkey.server.sso.saml;

import io.latchkey.server.testing.SamlIdp;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * SAML responses of every shape the ACS meets, as posted (base64): signed in each way, encrypted,
 * and tampered with the signature-wrapping moves of SsoSamlRefusalsTest. Not thread-safe.
 */
final class ResponseSamples {
    static final String ACS = "https://sp.example.test/v1/b2b/sso/callback/saml-connection-test-1";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    final SamlIdp idp = SamlIdp.create();
    final KeyPair encryption = SamlKeys.newRsaKeyPair();

    /** Each sample by name, as the SAMLResponse form field carries it. */
    Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        Document d = fresh();
        idp.signAssertion(d);
        m.put("assertion signed", SamlIdp.encode(d));
        d = fresh();
        idp.signResponse(d);
        m.put("response signed", SamlIdp.encode(d));
        d = fresh();
        idp.signAssertion(d);
        idp.signResponse(d);
        m.put("both signed", SamlIdp.encode(d));
        m.put("unsigned", SamlIdp.encode(fresh()));
        d = fresh();
        idp.signAssertion(d);
        SamlIdp.encryptAssertion(d, encryption.getPublic());
        m.put("encrypted, assertion signed", SamlIdp.encode(d));
        d = fresh();
        SamlIdp.encryptAssertion(d, encryption.getPublic());
        idp.signResponse(d);
        m.put("encrypted, response signed", SamlIdp.encode(d));

        d = fresh();
        idp.signAssertion(d);
        Element signed = SamlIdp.assertion(d);
        d.getDocumentElement().insertBefore(evilCopy(signed, "_evil"), signed);
        m.put("wrapping: an unsigned assertion beside the signed one", SamlIdp.encode(d));

        d = fresh();
        idp.signAssertion(d);
        signed = SamlIdp.assertion(d);
        Element evil = evilCopy(signed, "_evil");
        Element advice = d.createElementNS(SamlIdp.NS_SAML, "saml:Advice");
        evil.insertBefore(advice, child(evil, SamlIdp.NS_SAML, "Conditions").getNextSibling());
        d.getDocumentElement().replaceChild(evil, signed);
        advice.appendChild(signed);
        m.put("wrapping: the signed assertion in an evil one's Advice", SamlIdp.encode(d));

        d = fresh();
        idp.signAssertion(d);
        signed = SamlIdp.assertion(d);
        evil = evilCopy(signed, signed.getAttribute("ID"));
        Element extensions = d.createElementNS(SamlIdp.NS_SAMLP, "samlp:Extensions");
        d.getDocumentElement().insertBefore(extensions, child(d.getDocumentElement(), SamlIdp.NS_SAMLP, "Status"));
        d.getDocumentElement().replaceChild(evil, signed);
        extensions.appendChild(signed);
        m.put("wrapping: the signed assertion in Extensions behind an evil one with its ID", SamlIdp.encode(d));

        d = fresh();
        idp.signAssertion(d);
        signed = SamlIdp.assertion(d);
        Node sig = signed.getElementsByTagNameNS(DS, "Signature").item(0);
        d.getDocumentElement()
                .insertBefore(
                        sig,
                        child(d.getDocumentElement(), SamlIdp.NS_SAML, "Issuer").getNextSibling());
        m.put("wrapping: a response signature referencing the assertion", SamlIdp.encode(d));

        d = fresh();
        idp.signResponse(d);
        ((Element) d.getElementsByTagNameNS(DS, "Reference").item(0)).setAttribute("URI", "");
        m.put("a response signature with an empty reference", SamlIdp.encode(d));

        d = fresh();
        idp.signAssertion(d);
        ((Element) d.getElementsByTagNameNS(DS, "Reference").item(0)).setAttribute("URI", "");
        m.put("an assertion signature with an empty reference", SamlIdp.encode(d));

        d = fresh();
        idp.signResponse(d);
        ((Element) d.getElementsByTagNameNS(DS, "Reference").item(0)).setAttribute("URI", "#_another");
        m.put("a response signature referencing another id", SamlIdp.encode(d));

        d = fresh();
        Element nameId = child(d.getDocumentElement(), SamlIdp.NS_SAML, "NameID");
        Element encryptedId = d.createElementNS(SamlIdp.NS_SAML, "saml:EncryptedID");
        nameId.getParentNode().replaceChild(encryptedId, nameId);
        encryptedId.appendChild(nameId);
        Element statement = child(d.getDocumentElement(), SamlIdp.NS_SAML, "AuthnStatement");
        statement.setAttribute(
                "SessionNotOnOrAfter", Instant.now().plusSeconds(600).toString());
        idp.signAssertion(d);
        m.put("a NameID inside EncryptedID, a SessionNotOnOrAfter", SamlIdp.encode(d));

        d = fresh();
        Element second = (Element) SamlIdp.assertion(d).cloneNode(true);
        second.setAttribute("ID", "_second");
        d.getDocumentElement().appendChild(second);
        idp.signResponse(d);
        idp.signAssertion(d);
        m.put("two assertions, the response and the first assertion signed", SamlIdp.encode(d));

        Element status;
        d = fresh();
        status = child(d.getDocumentElement(), SamlIdp.NS_SAMLP, "StatusCode");
        status.setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder");
        Element message = d.createElementNS(SamlIdp.NS_SAMLP, "samlp:StatusMessage");
        message.setTextContent("no such member");
        status.getParentNode().appendChild(message);
        idp.signResponse(d);
        m.put("status Responder, with a message", SamlIdp.encode(d));

        d = fresh();
        status = child(d.getDocumentElement(), SamlIdp.NS_SAMLP, "StatusCode");
        Element nested = d.createElementNS(SamlIdp.NS_SAMLP, "samlp:StatusCode");
        nested.setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed");
        status.appendChild(nested);
        idp.signAssertion(d);
        m.put("status Success with a nested code", SamlIdp.encode(d));

        d = fresh();
        status = child(d.getDocumentElement(), SamlIdp.NS_SAMLP, "StatusCode");
        status.removeAttribute("Value");
        idp.signAssertion(d);
        m.put("a StatusCode without a Value", SamlIdp.encode(d));

        d = fresh();
        status = child(d.getDocumentElement(), SamlIdp.NS_SAMLP, "Status");
        status.getParentNode().removeChild(status);
        idp.signAssertion(d);
        m.put("no Status", SamlIdp.encode(d));

        d = fresh();
        Element issuer = child(d.getDocumentElement(), SamlIdp.NS_SAML, "Issuer");
        d.getDocumentElement().insertBefore(issuer.cloneNode(true), issuer);
        idp.signAssertion(d);
        m.put("two response Issuers", SamlIdp.encode(d));
        return m;
    }

    /** A valid login's response to request {@code _request}, not yet signed. */
    Document fresh() {
        return idp.document(idp.spec(ACS, "_request", "ada@saml.test"));
    }

    static Element evilCopy(Element signed, String id) {
        Element evil = (Element) signed.cloneNode(true);
        evil.setAttribute("ID", id);
        Node sig = evil.getElementsByTagNameNS(DS, "Signature").item(0);
        if (sig != null) {
            sig.getParentNode().removeChild(sig);
        }
        child(evil, SamlIdp.NS_SAML, "NameID").setTextContent("mallory@evil.test");
        return evil;
    }

    static Element child(Element parent, String ns, String local) {
        return (Element) parent.getElementsByTagNameNS(ns, local).item(0);
    }
}
