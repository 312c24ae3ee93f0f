package io.latchkey.server.testing;

import io.latchkey.server.sso.saml.SamlKeys;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Inflater;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A SAML identity provider for tests, in-process: its own RSA key and certificate made here, its
 * metadata, and responses built as a spec says, signed (response, assertion, or neither),
 * optionally encrypted to the SP, and tampered with as an attacker would. Not thread-safe.
 */
public final class SamlIdp {
    public static final String NS_SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String NS_SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    static {
        org.apache.xml.security.Init.init();
    }

    public final String entityId;
    public final String ssoUrl;
    private final KeyPair keys;
    private final X509Certificate certificate;
    /**
     * What responses are stamped with: the server's clock once {@link SamlLogins} pairs this IdP
     * with a server, since the server judges an assertion's times by its own clock, which a test
     * class starts at its start (the wall clock would run ahead of it in a long test class).
     */
    private volatile Clock clock = Clock.systemUTC();

    public SamlIdp(String entityId, String ssoUrl) {
        this.entityId = entityId;
        this.ssoUrl = ssoUrl;
        this.keys = SamlKeys.newRsaKeyPair();
        this.certificate = SamlKeys.selfSigned(keys, "test-idp", Instant.now());
    }

    public static SamlIdp create() {
        return new SamlIdp("https://idp.example.test/" + UUID.randomUUID(), "https://idp.example.test/sso");
    }

    /** Stamps responses from now on with {@code c}'s time. */
    public void useClock(Clock c) {
        this.clock = c;
    }

    /** The time responses are stamped with. */
    public Instant now() {
        return clock.instant();
    }

    public String certificatePem() {
        return SamlKeys.pem(certificate);
    }

    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The IdP's metadata document, as an administrator would download it. */
    public String metadataXml() {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + entityId + "\">"
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + SamlKeys.base64(certificate)
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:NameIDFormat>" + EMAIL_FORMAT + "</md:NameIDFormat>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\""
                + ssoUrl + "/post\"/>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
                + " Location=\"" + ssoUrl + "\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    /** What an AuthnRequest sent over the HTTP-Redirect binding says. */
    public record Request(String id, String acsUrl, String issuer, String destination, Map<String, String> query) {}

    /** Reads the AuthnRequest of a redirect to this IdP. */
    public static Request request(String redirectUrl) throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : URI.create(redirectUrl).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        Inflater inflater = new Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(q.get("SAMLRequest")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buf);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            out.write(buf, 0, n);
        }
        Element root = parse(out.toString(StandardCharsets.UTF_8)).getDocumentElement();
        String issuer = root.getElementsByTagNameNS(NS_SAML, "Issuer").item(0).getTextContent();
        return new Request(
                root.getAttribute("ID"),
                root.getAttribute("AssertionConsumerServiceURL"),
                issuer,
                root.getAttribute("Destination"),
                q);
    }

    /** What the response will say; defaults make a valid login for {@code email}. */
    public final class Spec {
        public String responseId = "_r" + UUID.randomUUID();
        public String assertionId = "_a" + UUID.randomUUID();
        public String issuer = entityId;
        public String destination;
        public String recipient;
        public String audience;
        public String inResponseTo;
        public String nameId;
        public String nameIdFormat = EMAIL_FORMAT;
        public Instant issued = now();
        public Instant notBefore = issued.minusSeconds(5);
        public Instant notOnOrAfter = issued.plus(Duration.ofMinutes(5));
        public Instant subjectNotOnOrAfter = issued.plus(Duration.ofMinutes(5));
        public String status = "urn:oasis:names:tc:SAML:2.0:status:Success";
        public Map<String, List<String>> attributes = new LinkedHashMap<>();

        Spec(String acsUrl, String requestId, String email) {
            destination = acsUrl;
            recipient = acsUrl;
            audience = acsUrl;
            inResponseTo = requestId;
            nameId = email;
            attributes.put("email", List.of(email));
            attributes.put("name", List.of("Ada Lovelace"));
        }

        public Spec attribute(String name, String... values) {
            attributes.put(name, List.of(values));
            return this;
        }
    }

    /** A spec answering the request {@code requestId} with a login of {@code email} at {@code acsUrl}. */
    public Spec spec(String acsUrl, String requestId, String email) {
        return new Spec(acsUrl, requestId, email);
    }

    /** The response as an unsigned document. */
    public Document document(Spec s) {
        StringBuilder attrs = new StringBuilder();
        for (Map.Entry<String, List<String>> a : s.attributes.entrySet()) {
            attrs.append("<saml:Attribute Name=\"").append(esc(a.getKey())).append("\">");
            for (String v : a.getValue()) {
                attrs.append("<saml:AttributeValue xsi:type=\"xs:string\">")
                        .append(esc(v))
                        .append("</saml:AttributeValue>");
            }
            attrs.append("</saml:Attribute>");
        }
        String inResponseTo = s.inResponseTo == null ? "" : " InResponseTo=\"" + esc(s.inResponseTo) + "\"";
        String xml = "<samlp:Response xmlns:samlp=\"" + NS_SAMLP + "\" xmlns:saml=\"" + NS_SAML + "\""
                + " ID=\"" + s.responseId + "\" Version=\"2.0\" IssueInstant=\"" + s.issued + "\""
                + (s.destination == null ? "" : " Destination=\"" + esc(s.destination) + "\"") + inResponseTo + ">"
                + "<saml:Issuer>" + esc(s.issuer) + "</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"" + s.status + "\"/></samlp:Status>"
                + "<saml:Assertion xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" ID=\"" + s.assertionId + "\" Version=\"2.0\""
                + " IssueInstant=\"" + s.issued + "\">"
                + "<saml:Issuer>" + esc(s.issuer) + "</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"" + s.nameIdFormat + "\">" + esc(s.nameId) + "</saml:NameID>"
                + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                + "<saml:SubjectConfirmationData NotOnOrAfter=\"" + s.subjectNotOnOrAfter + "\" Recipient=\""
                + esc(s.recipient) + "\"" + inResponseTo + "/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore=\"" + s.notBefore + "\" NotOnOrAfter=\"" + s.notOnOrAfter + "\">"
                + "<saml:AudienceRestriction><saml:Audience>" + esc(s.audience)
                + "</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
                + "<saml:AuthnStatement AuthnInstant=\"" + s.issued + "\" SessionIndex=\"_s" + UUID.randomUUID()
                + "\"><saml:AuthnContext><saml:AuthnContextClassRef>"
                + "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
                + "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
                + "<saml:AttributeStatement>" + attrs + "</saml:AttributeStatement>"
                + "</saml:Assertion></samlp:Response>";
        return parse(xml);
    }

    /** The assertion element of a response document. */
    public static Element assertion(Document d) {
        return (Element) d.getElementsByTagNameNS(NS_SAML, "Assertion").item(0);
    }

    /** Signs the assertion with this IdP's key (or {@code key}/{@code cert} of another signer). */
    public void signAssertion(Document d) {
        sign(assertion(d), keys.getPrivate(), certificate);
    }

    public void signResponse(Document d) {
        sign(d.getDocumentElement(), keys.getPrivate(), certificate);
    }

    /** An enveloped RSA-SHA256 signature of {@code e}, placed after its Issuer as the schema wants. */
    public static void sign(Element e, PrivateKey key, X509Certificate cert) {
        try {
            Document doc = e.getOwnerDocument();
            XMLSignature sig = new XMLSignature(
                    doc, null, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            Node issuer = e.getElementsByTagNameNS(NS_SAML, "Issuer").item(0);
            e.insertBefore(sig.getElement(), issuer.getNextSibling());
            e.setIdAttributeNS(null, "ID", true);
            Transforms t = new Transforms(doc);
            t.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            t.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            sig.addDocument("#" + e.getAttribute("ID"), t, "http://www.w3.org/2001/04/xmlenc#sha256");
            sig.addKeyInfo(cert);
            sig.sign(key);
        } catch (Exception x) {
            throw new IllegalStateException(x);
        }
    }

    /** Replaces the assertion with an EncryptedAssertion for {@code spKey} (AES-128-CBC, key in RSA-OAEP). */
    public static void encryptAssertion(Document d, PublicKey spKey) {
        try {
            Element assertion = assertion(d);
            KeyGenerator g = KeyGenerator.getInstance("AES");
            g.init(128);
            SecretKey secret = g.generateKey();
            XMLCipher keyCipher = XMLCipher.getInstance(XMLCipher.RSA_OAEP);
            keyCipher.init(XMLCipher.WRAP_MODE, spKey);
            EncryptedKey encryptedKey = keyCipher.encryptKey(d, secret);
            XMLCipher cipher = XMLCipher.getInstance(XMLCipher.AES_128);
            cipher.init(XMLCipher.ENCRYPT_MODE, secret);
            EncryptedData data = cipher.getEncryptedData();
            KeyInfo info = new KeyInfo(d);
            info.add(encryptedKey);
            data.setKeyInfo(info);
            Element wrapper = d.createElementNS(NS_SAML, "saml:EncryptedAssertion");
            assertion.getParentNode().replaceChild(wrapper, assertion);
            wrapper.appendChild(assertion);
            cipher.doFinal(d, assertion, false);
        } catch (Exception x) {
            throw new IllegalStateException(x);
        }
    }

    /** The document as the SAMLResponse form field carries it. */
    public static String encode(Document d) {
        return Base64.getEncoder().encodeToString(xml(d).getBytes(StandardCharsets.UTF_8));
    }

    public static String xml(Document d) {
        try {
            StringWriter w = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(d), new StreamResult(w));
            return w.toString();
        } catch (Exception x) {
            throw new IllegalStateException(x);
        }
    }

    public static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
        } catch (Exception x) {
            throw new IllegalStateException(x);
        }
    }

    private static String esc(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Lists for attribute values, in order. */
    public static List<String> values(String... v) {
        return new ArrayList<>(List.of(v));
    }
}
