package io.latchkey.server.sso.saml;

import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Constants;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The SAML library's settings for one connection, strict: responses signed (the
 * response or the assertion) by one of the IdP's certificates, SHA-1 refused, AuthnRequests
 * signed with RSA-SHA256. Never changed once made, so one is shared by the logins of a
 * connection whose material has not changed (the server's per-node cache keeps them).
 */
public final class SpSettings extends Saml2Settings {
    /**
     * @param entityId the SP entity id the AuthnRequest names (and an assertion's audience)
     * @param acsUrl where the IdP is asked to post its response
     * @param spKey the key that signs AuthnRequests, or that decrypts assertions when checking a response; may be null
     * @param idpCertificates the certificates responses may be signed with
     */
    public SpSettings(
            String entityId,
            String acsUrl,
            String nameidFormat,
            X509Certificate spCertificate,
            PrivateKey spKey,
            String idpEntityId,
            String idpSsoUrl,
            List<X509Certificate> idpCertificates) {
        setStrict(true);
        setDebug(false);
        setSpEntityId(entityId);
        setSpAssertionConsumerServiceUrl(url(acsUrl));
        setSpAssertionConsumerServiceBinding(Constants.BINDING_HTTP_POST);
        setSpNameIDFormat(nameidFormat);
        setSpX509cert(spCertificate);
        setSpPrivateKey(spKey);
        setIdpEntityId(idpEntityId);
        setIdpSingleSignOnServiceUrl(idpSsoUrl.isEmpty() ? null : url(idpSsoUrl));
        setIdpSingleSignOnServiceBinding(Constants.BINDING_HTTP_REDIRECT);
        setIdpx509certMulti(idpCertificates);
        setAuthnRequestsSigned(spKey != null);
        setWantAssertionsSigned(false);
        setWantMessagesSigned(false);
        setWantNameId(false);
        // Schema validation is done by ResponseCheck against a schema loaded once: the library
        // would load and compile the SAML schemas again for every response.
        setWantXMLValidation(false);
        setSignatureAlgorithm(Constants.RSA_SHA256);
        setDigestAlgorithm(Constants.SHA256);
        setRejectDeprecatedAlg(true);
        setRejectUnsolicitedResponsesWithInResponseTo(true);
        setAllowRepeatAttributeName(false);
        setUniqueIDPrefix("LATCHKEY_");
    }

    private static java.net.URL url(String value) {
        try {
            return URI.create(value).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL");
        }
    }
}
