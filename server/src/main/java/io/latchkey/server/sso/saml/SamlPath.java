package io.latchkey.server.sso.saml;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The XPath expressions the SAML library asks of a response, answered by walking the document:
 * the library compiles each expression anew (with a new XPath factory) for every query, some 25 a
 * response, which cost more than the rest of the check. Only the expressions listed here are
 * answered, each as javax.xml.xpath answers it (SamlPathTest holds them to that on real, encrypted
 * and tampered responses, and fails when the library asks something new); anything else throws, so
 * a response is refused rather than read by a walk that does not know the question. Stateless.
 */
final class SamlPath {
    /** What the library queries from the document root ({@code query(expression, null)}). */
    static final Set<String> QUERIES = Set.of(
            "//ds:Signature",
            Util.RESPONSE_SIGNATURE_XPATH,
            Util.ASSERTION_SIGNATURE_XPATH,
            SamlPath.SIGNED_ASSERTION_REFERENCE,
            SamlPath.SIGNED_RESPONSE_REFERENCE);

    /**
     * What the library queries below the assertion ({@code queryAssertion(path)}); the last is this
     * server's own ({@link CheckedResponse#window}). The union is the library's: its second half is
     * absolute, so it names a root element {@code saml:Subject} and never matches a response.
     */
    static final Set<String> ASSERTION_PATHS = Set.of(
            "",
            "/saml:Subject/saml:EncryptedID/xenc:EncryptedData",
            "/saml:AttributeStatement/saml:EncryptedAttribute",
            "/saml:Subject/saml:SubjectConfirmation",
            "/saml:Subject/saml:EncryptedID",
            "/saml:Subject/saml:EncryptedID/saml:NameID|/saml:Subject/saml:NameID",
            "/saml:Subject/saml:NameID",
            "/saml:AttributeStatement/saml:Attribute",
            "/saml:Conditions",
            "/saml:AuthnStatement",
            "/saml:Conditions/saml:AudienceRestriction/saml:Audience",
            "/saml:Issuer",
            "/saml:AuthnStatement[@SessionNotOnOrAfter]",
            "/saml:AuthnStatement[@SessionIndex]",
            "/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData");

    /** The response's status, read by the library's Util.getStatus. */
    static final String STATUS = "/samlp:Response/samlp:Status";

    /**
     * What the library reads the status and the response's issuer with, through its static
     * Util.query (Util.getStatus, getResponseIssuer): answered for CheckedResponse's own versions.
     */
    static final Set<String> STATUS_AND_ISSUER = Set.of(
            STATUS,
            STATUS + "/samlp:StatusCode",
            STATUS + "/samlp:StatusCode/samlp:StatusCode",
            STATUS + "/samlp:StatusMessage",
            "/samlp:Response/saml:Issuer");

    /** What decrypting an assertion reads (the library's expressions, in {@link ResponseDocuments}). */
    static final String ENCRYPTED_DATA = "/samlp:Response/saml:EncryptedAssertion/xenc:EncryptedData";

    static final String DECRYPTED_ASSERTION = "/samlp:Response/saml:EncryptedAssertion/saml:Assertion";

    private static final String SIGNED_ASSERTION_REFERENCE =
            "/samlp:Response/saml:Assertion/ds:Signature/ds:SignedInfo/ds:Reference";
    private static final String SIGNED_RESPONSE_REFERENCE = "/samlp:Response/ds:Signature/ds:SignedInfo/ds:Reference";
    private static final Map<String, String> NAMESPACES = Map.of(
            "samlp", Constants.NS_SAMLP,
            "samlp2", Constants.NS_SAMLP,
            "saml", Constants.NS_SAML,
            "saml2", Constants.NS_SAML,
            "ds", Constants.NS_DS,
            "xenc", Constants.NS_XENC,
            "md", Constants.NS_MD);
    /** One location step: child or descendant, a prefixed name, at most an attribute test. */
    private static final Pattern STEP =
            Pattern.compile("(//?)([A-Za-z0-9]+):([A-Za-z]+)(?:\\[@([A-Za-z]+)(?:='([^']*)')?])?");

    private SamlPath() {}

    /** The library's {@code query(expression, null)}. */
    static NodeList query(Document doc, String expression) throws XPathExpressionException {
        if (!QUERIES.contains(expression)
                && !STATUS_AND_ISSUER.contains(expression)
                && !expression.equals(ENCRYPTED_DATA)
                && !expression.equals(DECRYPTED_ASSERTION)) {
            throw unknown(expression);
        }
        return new Nodes(select(List.of(doc), expression, doc));
    }

    /**
     * The library's {@code queryAssertion(path)}: {@code path} below the assertion the signature
     * names (a signed assertion's reference, else the signed response's), as the library finds it.
     */
    static NodeList queryAssertion(Document doc, String path) throws XPathExpressionException {
        if (!ASSERTION_PATHS.contains(path)) {
            throw unknown(path);
        }
        List<Element> references = select(List.of(doc), SIGNED_ASSERTION_REFERENCE, doc);
        List<Element> assertions;
        if (references.isEmpty()) {
            references = select(List.of(doc), SIGNED_RESPONSE_REFERENCE, doc);
            List<Element> responses = select(List.of(doc), "/samlp:Response", doc);
            if (references.size() == 1) {
                String id = referencedId(references.get(0));
                responses =
                        responses.stream().filter(r -> hasValue(r, "ID", id)).toList();
            }
            assertions = select(new ArrayList<>(responses), "/saml:Assertion", doc);
        } else {
            String id = referencedId(references.get(0));
            assertions = select(List.of(doc), "/samlp:Response//saml:Assertion", doc).stream()
                    .filter(a -> hasValue(a, "ID", id))
                    .toList();
        }
        if (path.isEmpty()) {
            return new Nodes(assertions);
        }
        // A union's later branches are absolute paths, read from the document, as XPath reads them.
        String[] branches = path.split("\\|");
        List<Element> found = new ArrayList<>(select(new ArrayList<>(assertions), branches[0], doc));
        for (int i = 1; i < branches.length; i++) {
            found.addAll(select(List.of(doc), branches[i], doc));
        }
        return new Nodes(inDocumentOrder(found));
    }

    /**
     * The id a signature's reference names, read as the library reads it: the URI without its
     * {@code #}, or, for an empty URI, the ID of the signed element. An id that an XPath string
     * literal cannot hold (it has a quote) is refused: the library would build a broken or a
     * different expression from it.
     */
    private static String referencedId(Element reference) throws XPathExpressionException {
        String id = reference.getAttributes().getNamedItem("URI").getNodeValue();
        if (id != null && !id.isEmpty()) {
            id = id.substring(1);
        } else {
            id = reference
                    .getParentNode()
                    .getParentNode()
                    .getParentNode()
                    .getAttributes()
                    .getNamedItem("ID")
                    .getNodeValue();
        }
        if (id.indexOf('\'') >= 0) {
            throw new XPathExpressionException("a reference whose id has a quote");
        }
        return id;
    }

    /** {@code path} (steps, each / or //) from each of {@code from}, in document order. */
    private static List<Element> select(List<? extends Node> from, String path, Document doc)
            throws XPathExpressionException {
        List<Node> context = new ArrayList<>(from);
        Matcher m = STEP.matcher(path);
        int at = 0;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                throw unknown(path);
            }
            at = m.end();
            String ns = NAMESPACES.get(m.group(2));
            if (ns == null) {
                throw unknown(path);
            }
            List<Node> next = new ArrayList<>();
            for (Node c : context) {
                if (m.group(1).length() == 1) {
                    for (Node n = c.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n instanceof Element e && matches(e, ns, m.group(3), m.group(4), m.group(5))) {
                            next.add(e);
                        }
                    }
                } else {
                    NodeList all = c instanceof Document d
                            ? d.getElementsByTagNameNS(ns, m.group(3))
                            : ((Element) c).getElementsByTagNameNS(ns, m.group(3));
                    for (int i = 0; i < all.getLength(); i++) {
                        Element e = (Element) all.item(i);
                        if (matches(e, ns, m.group(3), m.group(4), m.group(5))) {
                            next.add(e);
                        }
                    }
                }
            }
            context = context.size() > 1 ? inDocumentOrder(next) : next;
        }
        List<Element> out = new ArrayList<>(context.size());
        for (Node n : context) {
            out.add((Element) n);
        }
        return out;
    }

    private static boolean matches(Element e, String ns, String local, String attribute, String value) {
        if (!ns.equals(e.getNamespaceURI()) || !local.equals(e.getLocalName())) {
            return false;
        }
        if (attribute == null) {
            return true;
        }
        return value == null ? e.getAttributeNodeNS(null, attribute) != null : hasValue(e, attribute, value);
    }

    private static boolean hasValue(Element e, String attribute, String value) {
        org.w3c.dom.Attr a = e.getAttributeNodeNS(null, attribute);
        return a != null && a.getValue().equals(value);
    }

    /** Without duplicates, in document order, as XPath returns a node set. */
    private static <T extends Node> List<T> inDocumentOrder(List<T> nodes) {
        if (nodes.size() < 2) {
            return nodes;
        }
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        List<T> out = new ArrayList<>();
        for (T n : nodes) {
            if (seen.put(n, Boolean.TRUE) == null) {
                out.add(n);
            }
        }
        out.sort(
                (a, b) -> a == b ? 0 : (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) != 0 ? -1 : 1);
        return out;
    }

    private static XPathExpressionException unknown(String expression) {
        return new XPathExpressionException("an expression the SAML document walk does not answer: " + expression);
    }

    /** A node list over a list. */
    private record Nodes(List<? extends Node> nodes) implements NodeList {
        Nodes {
            nodes = Collections.unmodifiableList(nodes);
        }

        @Override
        public Node item(int index) {
            return index >= 0 && index < nodes.size() ? nodes.get(index) : null;
        }

        @Override
        public int getLength() {
            return nodes.size();
        }
    }
}
