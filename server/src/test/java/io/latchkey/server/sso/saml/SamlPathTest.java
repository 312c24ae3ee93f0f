package io.latchkey.server.sso.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Util;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.xpath.XPathExpressionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The document walk answers each expression the SAML library asks exactly as javax.xml.xpath
 * answers it (the same nodes, in the same order), on responses signed in every way, encrypted, and
 * tampered with; and the library asks nothing else (its compiled class is read for its expressions,
 * so an upgrade that adds or changes one fails here, not in production).
 */
class SamlPathTest {
    /** Pieces the library builds its assertion query from, answered by SamlPath.queryAssertion. */
    static final Set<String> ASSERTION_QUERY_PIECES = Set.of(
            "/saml:Assertion",
            "ds:Signature/ds:SignedInfo/ds:Reference",
            "/samlp:Response",
            "/samlp:Response[@ID='",
            "/samlp:Response//saml:Assertion[@ID='");
    /**
     * What the library queries through its static Util.query from public methods this server does
     * not replace (processSignedElements and Util.validateSign keep the library's XPath).
     */
    static final Set<String> LEFT_TO_XPATH = Set.of("ds:SignedInfo/ds:Reference");

    static Map<String, Document> documents = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void samples() throws Exception {
        ResponseSamples samples = new ResponseSamples();
        for (Map.Entry<String, String> e : samples.all().entrySet()) {
            Document posted = ResponseDocuments.parse(e.getValue());
            assertThat(posted).as(e.getKey()).isNotNull();
            documents.put(e.getKey(), posted);
            if (ResponseDocuments.encrypted(posted)) {
                documents.put(
                        e.getKey() + " (decrypted)",
                        ResponseDocuments.decrypt(posted, samples.encryption.getPrivate()));
            }
        }
    }

    @Test
    void everyQueryFromTheRootIsAnsweredAsXPathAnswersIt() throws Exception {
        List<String> expressions = new ArrayList<>(SamlPath.QUERIES);
        expressions.addAll(SamlPath.STATUS_AND_ISSUER);
        expressions.add(SamlPath.ENCRYPTED_DATA);
        expressions.add(SamlPath.DECRYPTED_ASSERTION);
        for (Map.Entry<String, Document> d : documents.entrySet()) {
            for (String x : expressions) {
                assertThat(list(SamlPath.query(d.getValue(), x)))
                        .as(d.getKey() + ": " + x)
                        .containsExactlyElementsOf(list(Util.query(d.getValue(), x)));
            }
        }
    }

    @Test
    void everyAssertionQueryIsAnsweredAsTheLibrarysXPathAnswersIt() throws Exception {
        int nonEmpty = 0;
        for (Map.Entry<String, Document> d : documents.entrySet()) {
            LibraryQueries library = new LibraryQueries(d.getValue());
            for (String path : SamlPath.ASSERTION_PATHS) {
                String what = d.getKey() + ": queryAssertion(\"" + path + "\")";
                List<Node> expected;
                try {
                    expected = list(library.xpathQueryAssertion(path));
                } catch (RuntimeException e) {
                    // The library fails on this document (a reference without a URI); so must the walk.
                    assertThatThrownBy(() -> SamlPath.queryAssertion(d.getValue(), path))
                            .as(what)
                            .isInstanceOf(e.getClass());
                    continue;
                }
                List<Node> walked = list(SamlPath.queryAssertion(d.getValue(), path));
                assertThat(walked).as(what).containsExactlyElementsOf(expected);
                nonEmpty += walked.isEmpty() ? 0 : 1;
            }
        }
        // The samples are not all empty answers compared with empty answers.
        assertThat(nonEmpty).isGreaterThan(documents.size() * 5);
    }

    @Test
    void anExpressionTheWalkDoesNotKnowIsRefusedNotGuessed() {
        Document d = documents.values().iterator().next();
        assertThatThrownBy(() -> SamlPath.query(d, "//saml:Assertion")).isInstanceOf(XPathExpressionException.class);
        assertThatThrownBy(() -> SamlPath.queryAssertion(d, "/saml:Subject/saml:BaseID"))
                .isInstanceOf(XPathExpressionException.class);
    }

    @Test
    void theLibraryAsksOnlyTheExpressionsTheWalkKnows() throws Exception {
        Set<String> known = new TreeSet<>(SamlPath.QUERIES);
        known.addAll(SamlPath.ASSERTION_PATHS);
        known.remove("");
        known.add(SamlPath.ENCRYPTED_DATA);
        known.add(SamlPath.DECRYPTED_ASSERTION);
        known.addAll(ASSERTION_QUERY_PIECES);
        known.addAll(LEFT_TO_XPATH);
        known.add(SamlPath.STATUS);
        known.add("/samlp:Response/saml:Issuer");
        assertThat(new TreeSet<>(expressionsIn(SamlResponse.class)))
                .as("the XPath expressions in the SAML library's SamlResponse: one the walk does not know"
                        + " means SamlPath (and this test) must learn it first")
                .isEqualTo(known);
        // CheckedResponse.checkStatus reads the status as Util.getStatus builds its queries.
        assertThat(expressionsIn(Util.class))
                .contains("/samlp:StatusCode", "/samlp:StatusCode/samlp:StatusCode", "/samlp:StatusMessage");
    }

    /** The string constants of a compiled class that read as XPath over SAML names (no prose). */
    static List<String> expressionsIn(Class<?> c) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class");
                DataInputStream data = new DataInputStream(in)) {
            data.readInt();
            data.readUnsignedShort();
            data.readUnsignedShort();
            int count = data.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        String s = data.readUTF();
                        if (s.matches("(.*[/|])?(samlp2?|saml2?|ds|xenc|md):[A-Za-z].*") && !s.contains(" ")) {
                            out.add(s);
                        }
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                    case 5, 6 -> {
                        data.skipBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> data.skipBytes(2);
                    case 15 -> data.skipBytes(3);
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
        }
        return out;
    }

    static List<Node> list(NodeList nodes) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i));
        }
        return out;
    }

    /** The library's own queryAssertion (its XPath) over a document. */
    static final class LibraryQueries extends SamlResponse {
        LibraryQueries(Document doc) throws Exception {
            super(new Saml2Settings(), ResponseSamples.ACS, "");
            ResponseDocuments.adopt(this, doc, null);
        }

        @Override
        public void loadXmlFromBase64(String responseStr) {}

        NodeList xpathQueryAssertion(String path) throws XPathExpressionException {
            return super.queryAssertion(path);
        }
    }
}
