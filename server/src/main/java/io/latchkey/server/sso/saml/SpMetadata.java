package io.latchkey.server.sso.saml;

import com.onelogin.saml2.settings.Metadata;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The SP metadata of a connection: the library's (entity id, ACS URL over HTTP-POST, the signing
 * certificate) with a {@code KeyDescriptor use="encryption"} for each certificate of the
 * connection's encryption private keys, newest first, so that an IdP reading it can encrypt
 * assertions. The library would publish the signing certificate for encryption instead, whose key
 * decrypts nothing here. Stateless.
 */
public final class SpMetadata {
    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private SpMetadata() {}

    public static String xml(SpSettings settings, List<X509Certificate> encryptionCertificates) {
        String xml;
        try {
            xml = new Metadata(settings).getMetadataString();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the connection's certificate cannot be encoded", e);
        }
        if (encryptionCertificates.isEmpty()) {
            return xml;
        }
        StringBuilder descriptors = new StringBuilder();
        for (X509Certificate c : encryptionCertificates) {
            descriptors
                    .append("<md:KeyDescriptor use=\"encryption\"><ds:KeyInfo xmlns:ds=\"")
                    .append(DS)
                    .append("\"><ds:X509Data><ds:X509Certificate>")
                    .append(SamlKeys.base64(c))
                    .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
        }
        // KeyDescriptors come before SingleLogoutService and NameIDFormat in an SPSSODescriptor.
        int at = xml.indexOf("<md:SingleLogoutService");
        if (at < 0) {
            at = xml.indexOf("<md:NameIDFormat");
        }
        if (at < 0) {
            throw new IllegalStateException("the SAML library's SP metadata has no NameIDFormat");
        }
        return xml.substring(0, at) + descriptors + xml.substring(at);
    }
}
