package io.latchkey.server.sso.saml;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.util.ArrayList;
import java.util.List;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a SAML connection takes from its IdP's metadata: the entity id, the single sign-on URL (the
 * HTTP-Redirect binding's, which is the one this server sends AuthnRequests over) and the signing
 * certificates (base64 bodies). Parsed without DTDs or entities.
 */
public record IdpMetadata(String entityId, String ssoUrl, List<String> signingCertificates) {
    private static final int MAX_CERTIFICATES = 5;

    /**
     * @throws ApiException {@code invalid_xml_from_saml_metadata_url} when the document is not XML,
     *     {@code saml_connection_metadata_invalid_format} when it is not IdP metadata
     */
    public static IdpMetadata parse(String xml) {
        Document doc = xml == null ? null : Util.loadXML(xml);
        if (doc == null) {
            throw new ApiException(
                    ErrorType.INVALID_XML_FROM_SAML_METADATA_URL,
                    "The metadata is not well-formed XML (documents with DTDs or entities are refused).");
        }
        try {
            NodeList descriptors = Util.query(doc, "//md:EntityDescriptor/md:IDPSSODescriptor");
            if (descriptors.getLength() == 0) {
                throw invalid("The metadata describes no identity provider (no IDPSSODescriptor).");
            }
            Node idp = descriptors.item(0);
            String entityId =
                    ((Element) idp.getParentNode()).getAttribute("entityID").strip();
            NodeList sso = Util.query(
                    doc, "./md:SingleSignOnService[@Binding=\"" + Constants.BINDING_HTTP_REDIRECT + "\"]", idp);
            if (sso.getLength() == 0) {
                sso = Util.query(doc, "./md:SingleSignOnService", idp);
            }
            String ssoUrl = sso.getLength() == 0
                    ? ""
                    : ((Element) sso.item(0)).getAttribute("Location").strip();
            NodeList certs = Util.query(
                    doc,
                    "./md:KeyDescriptor[not(contains(@use, \"encryption\"))]/ds:KeyInfo/ds:X509Data/ds:X509Certificate",
                    idp);
            List<String> signing = new ArrayList<>();
            for (int i = 0; i < certs.getLength() && signing.size() < MAX_CERTIFICATES; i++) {
                String body = certs.item(i).getTextContent().replaceAll("\\s", "");
                if (!body.isEmpty() && !signing.contains(body)) {
                    signing.add(body);
                }
            }
            if (entityId.isEmpty() || ssoUrl.isEmpty() || signing.isEmpty()) {
                throw invalid("The metadata must name the IdP's entityID, a SingleSignOnService Location and a"
                        + " signing certificate.");
            }
            return new IdpMetadata(entityId, ssoUrl, List.copyOf(signing));
        } catch (XPathExpressionException e) {
            throw invalid("The metadata could not be read.");
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorType.INVALID_IDP_METADATA, message);
    }
}
