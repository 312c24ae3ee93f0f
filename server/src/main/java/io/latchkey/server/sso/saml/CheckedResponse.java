package io.latchkey.server.sso.saml;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.model.SamlResponseStatus;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Constants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The library's response with this server's stricter checks where it is lenient: an audience
 * restriction is required and must name one of the connection's audiences (its own or the
 * alternative); Destination and Recipient must be one of the connection's ACS URLs. It reads the
 * documents the ACS parsed ({@link ResponseDocuments}) instead of parsing the text again, and
 * answers the library's XPath queries with a walk of the document ({@link SamlPath}). Not
 * thread-safe (one per response).
 */
final class CheckedResponse extends SamlResponse {
    private final Saml2Settings settings;
    private final org.w3c.dom.Document posted;
    private final Set<String> audiences;
    private final Set<String> acsUrls;

    /**
     * @param posted the response as posted, parsed once
     * @param decrypted {@code posted} with its assertion decrypted, or null when it was not encrypted
     */
    CheckedResponse(
            Saml2Settings settings,
            String primaryAcs,
            Set<String> acsUrls,
            Set<String> audiences,
            org.w3c.dom.Document posted,
            org.w3c.dom.Document decrypted)
            throws Exception {
        super(settings, primaryAcs, "");
        ResponseDocuments.adopt(this, posted, decrypted);
        this.settings = settings;
        this.posted = posted;
        this.audiences = audiences;
        this.acsUrls = acsUrls;
    }

    /**
     * The library's checkStatus (Util.getStatus over the response as posted), its queries answered
     * by the document walk: one Status, its StatusCode's Value Success. Its status object is not
     * kept (nothing here reads getResponseStatus).
     */
    @Override
    public void checkStatus() throws ValidationError {
        NodeList code;
        NodeList sub;
        NodeList message;
        try {
            if (SamlPath.query(posted, SamlPath.STATUS).getLength() != 1) {
                throw new ValidationError("Missing Status on response", ValidationError.MISSING_STATUS);
            }
            code = SamlPath.query(posted, SamlPath.STATUS + "/samlp:StatusCode");
            if (code.getLength() == 0) {
                throw new ValidationError("Missing Status Code on response", ValidationError.MISSING_STATUS_CODE);
            }
            sub = SamlPath.query(posted, SamlPath.STATUS + "/samlp:StatusCode/samlp:StatusCode");
            message = SamlPath.query(posted, SamlPath.STATUS + "/samlp:StatusMessage");
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("Unexpected error in getStatus." + e.getMessage());
        }
        // Read as the library reads them: a StatusCode without a Value fails here, as it does there.
        SamlResponseStatus read = new SamlResponseStatus(
                code.item(0).getAttributes().getNamedItem("Value").getNodeValue());
        if (sub.getLength() > 0) {
            read.setSubStatusCode(
                    sub.item(0).getAttributes().getNamedItem("Value").getNodeValue());
        }
        if (!read.is(Constants.STATUS_SUCCESS)) {
            throw new ValidationError(
                    "The status code of the Response was not Success, was " + read.getStatusCode()
                            + (message.getLength() == 1
                                    ? " -> " + message.item(0).getTextContent()
                                    : ""),
                    ValidationError.STATUS_CODE_IS_NOT_SUCCESS);
        }
    }

    /** The library's getResponseIssuer, its query answered by the document walk. */
    @Override
    public String getResponseIssuer() throws XPathExpressionException, ValidationError {
        NodeList issuer = SamlPath.query(posted, "/samlp:Response/saml:Issuer");
        if (issuer.getLength() == 0) {
            return null;
        }
        if (issuer.getLength() > 1) {
            throw new ValidationError(
                    "Issuer of the Response is multiple.", ValidationError.ISSUER_MULTIPLE_IN_RESPONSE);
        }
        String value = issuer.item(0).getTextContent();
        return value != null && settings.isTrimNameIds() ? value.trim() : value;
    }

    /** Nothing to decode: the constructor hands the library the documents the ACS parsed. */
    @Override
    public void loadXmlFromBase64(String responseStr) {}

    @Override
    protected NodeList query(String nameQuery, Node context) throws XPathExpressionException {
        if (context != null) {
            throw new XPathExpressionException("a query from a context node, which the document walk does not answer");
        }
        return SamlPath.query(getSAMLResponseDocument(), nameQuery);
    }

    @Override
    protected NodeList queryAssertion(String assertionXpath) throws XPathExpressionException {
        return SamlPath.queryAssertion(getSAMLResponseDocument(), assertionXpath);
    }

    @Override
    protected void validateAudiences() throws XPathExpressionException, ValidationError {
        List<String> named = getAudiences();
        if (named.isEmpty() || named.stream().noneMatch(audiences::contains)) {
            throw new ValidationError("audience", ValidationError.WRONG_AUDIENCE);
        }
    }

    @Override
    protected void validateDestination(Element element) throws ValidationError {
        if (element.hasAttribute("Destination") && !acsUrls.contains(element.getAttribute("Destination"))) {
            throw new ValidationError("destination", ValidationError.WRONG_DESTINATION);
        }
    }

    @Override
    protected com.onelogin.saml2.model.SubjectConfirmationIssue validateRecipient(Node recipient, int index) {
        if (recipient == null || !acsUrls.contains(recipient.getNodeValue())) {
            return new com.onelogin.saml2.model.SubjectConfirmationIssue(index, "Recipient");
        }
        return null;
    }

    /** The document the checks read: the response with its assertion decrypted, if it was encrypted. */
    org.w3c.dom.Document readDocument() {
        return getSAMLResponseDocument();
    }

    /** The times of the (one) assertion that bound its use: Conditions and SubjectConfirmationData. */
    record Window(List<Instant> notBefore, List<Instant> notOnOrAfter) {}

    Window window() throws XPathExpressionException {
        List<Instant> before = new ArrayList<>();
        List<Instant> after = new ArrayList<>();
        collect(queryAssertion("/saml:Conditions"), before, after);
        collect(queryAssertion("/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData"), before, after);
        return new Window(before, after);
    }

    private static void collect(NodeList nodes, List<Instant> before, List<Instant> after) {
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (e.hasAttribute("NotBefore")) {
                before.add(Instant.parse(e.getAttribute("NotBefore")));
            }
            if (e.hasAttribute("NotOnOrAfter")) {
                after.add(Instant.parse(e.getAttribute("NotOnOrAfter")));
            }
        }
    }
}
