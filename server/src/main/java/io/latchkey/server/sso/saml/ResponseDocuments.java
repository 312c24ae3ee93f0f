package io.latchkey.server.sso.saml;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.util.Util;
import com.onelogin.saml2.util.XMLErrorAccumulatorHandler;
import java.io.IOException;
import java.io.StringReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The posted response's documents, made once and handed to the SAML library: the document as
 * posted (decoded and parsed here, the one parse of the request) and, for an encrypted assertion,
 * the document with it decrypted. The library has no way to take a parsed document (its
 * constructor decodes and parses the text, and again for each decryption key tried), so {@link
 * #adopt} sets its private document fields; CheckedResponseTest fails if the library's fields
 * change. Stateless.
 */
final class ResponseDocuments {
    private static final VarHandle POSTED = field("samlResponseDocument", Document.class);
    private static final VarHandle DECRYPTED = field("decryptedDocument", Document.class);
    private static final VarHandle ENCRYPTED = field("encrypted", Boolean.class);
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(ResponseDocuments::newBuilder);

    private ResponseDocuments() {}

    /**
     * The SAMLResponse form field as a document, parsed as the library parses (no DTD or entity,
     * every ID attribute an XML id), or null when it is not base64 of well-formed XML.
     */
    static Document parse(String samlResponse) {
        try {
            String xml = new String(Base64.getMimeDecoder().decode(samlResponse), StandardCharsets.UTF_8);
            // The library's loadXML refuses an entity declaration before parsing.
            return xml.contains("<!ENTITY") ? null : parseXml(xml);
        } catch (IllegalArgumentException | IOException | SAXException e) {
            return null;
        }
    }

    /**
     * The library's parseXML (Util.convertStringToDocument) without its per-call costs: the same
     * parser settings, but a parser made once per thread and reset for each document, and its
     * elements with an ID attribute found by a walk instead of an XPath query.
     */
    static Document parseXml(String xml) throws IOException, SAXException {
        DocumentBuilder builder = BUILDERS.get();
        builder.reset();
        builder.setErrorHandler(new XMLErrorAccumulatorHandler());
        Document doc = builder.parse(new InputSource(new StringReader(xml)));
        markIds(doc.getDocumentElement());
        return doc;
    }

    /** As the library's {@code //*[@ID]}: every element's unqualified ID attribute is its XML id. */
    private static void markIds(Element e) {
        if (e.getAttributeNodeNS(null, "ID") != null) {
            e.setIdAttributeNode((Attr) e.getAttributes().getNamedItem("ID"), true);
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                markIds(child);
            }
        }
    }

    /**
     * Util.parseXML's parser, set as it sets it: each safety setting tried on its own, one the
     * parser does not know skipped (the JDK's knows them all; CheckedResponseTest checks that a
     * document type is refused).
     */
    private static DocumentBuilder newBuilder() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setExpandEntityReferences(false);
        f.setAttribute("http://java.sun.com/xml/jaxp/properties/schemaLanguage", XMLConstants.W3C_XML_SCHEMA_NS_URI);
        for (String[] a : new String[][] {
            {"http://xml.org/sax/features/external-general-entities", "false"},
            {"http://xml.org/sax/features/external-parameter-entities", "false"},
            {"http://apache.org/xml/features/disallow-doctype-decl", "true"},
            {"http://javax.xml.XMLConstants/feature/secure-processing", "true"},
            {"http://apache.org/xml/features/nonvalidating/load-external-dtd", "false"},
            {"http://apache.org/xml/features/nonvalidating/load-dtd-grammar", "false"}
        }) {
            try {
                f.setAttribute(a[0], Boolean.valueOf(a[1]));
            } catch (IllegalArgumentException e) {
                // As the library: a parser without this attribute parses without it.
            }
        }
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be made as the SAML library makes it", e);
        }
    }

    /** Whether the response carries an encrypted assertion, as the library decides it. */
    static boolean encrypted(Document posted) {
        return posted.getElementsByTagNameNS(com.onelogin.saml2.util.Constants.NS_SAML, "EncryptedAssertion")
                        .getLength()
                != 0;
    }

    /**
     * A copy of {@code posted} with its encrypted assertion decrypted by {@code key} and put in the
     * EncryptedAssertion's place, then written out and parsed again (signatures are checked on the
     * parsed copy, as the library does), exactly the library's own decryption.
     *
     * @throws ValidationError when the assertion does not open with {@code key}
     */
    static Document decrypt(Document posted, PrivateKey key) throws Exception {
        Document copy = Util.copyDocument(posted);
        NodeList data = SamlPath.query(copy, SamlPath.ENCRYPTED_DATA);
        if (data.getLength() == 0) {
            throw new ValidationError(
                    "no EncryptedData in the EncryptedAssertion", ValidationError.MISSING_ENCRYPTED_ELEMENT);
        }
        // Logs and leaves the element as it was when the key does not open it.
        Util.decryptElement((Element) data.item(0), key);
        Node assertion = SamlPath.query(copy, SamlPath.DECRYPTED_ASSERTION).item(0);
        if (assertion == null) {
            throw new ValidationError("the EncryptedAssertion did not open", ValidationError.MISSING_ENCRYPTED_ELEMENT);
        }
        assertion.getParentNode().getParentNode().replaceChild(assertion, assertion.getParentNode());
        return parseXml(Util.convertDocumentToString(copy));
    }

    /** Makes {@code response} read {@code posted} and, if not null, {@code decrypted}. */
    static void adopt(SamlResponse response, Document posted, Document decrypted) {
        POSTED.set(response, posted);
        DECRYPTED.set(response, decrypted);
        ENCRYPTED.set(response, decrypted != null);
    }

    private static VarHandle field(String name, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(SamlResponse.class, MethodHandles.lookup())
                    .findVarHandle(SamlResponse.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "the SAML library's SamlResponse no longer has the field " + name + " (" + type.getSimpleName()
                            + "): ResponseDocuments must follow its new way of holding the parsed response",
                    e);
        }
    }
}
