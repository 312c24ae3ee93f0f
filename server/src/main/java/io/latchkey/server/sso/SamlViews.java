package io.latchkey.server.sso;

import io.latchkey.api.sso.EncryptionPrivateKey;
import io.latchkey.api.sso.SAMLConnection;
import io.latchkey.api.sso.X509Certificate;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.sso.SamlStore.SamlKey;
import io.latchkey.server.sso.saml.SamlKeys;
import java.util.List;

/** SAML connections as the API shows them. Stateless. */
final class SamlViews {
    private SamlViews() {}

    /** Where the IdP posts its responses for this connection; also the audience it must name. */
    static String acsUrl(String baseUrl, String connectionId) {
        return SsoUrls.callback(baseUrl, connectionId);
    }

    /** Where an IdP reads the SP metadata of this connection. */
    static String metadataUrl(String baseUrl, String connectionId) {
        return baseUrl + "/v1/b2b/sso/saml/metadata/" + connectionId;
    }

    static SAMLConnection render(SsoConnection c, String baseUrl, List<SamlKey> signing, List<SamlKey> encryption) {
        SamlConfig s = c.saml();
        String acs = acsUrl(baseUrl, c.connectionId());
        return new SAMLConnection(
                c.organizationId(),
                c.connectionId(),
                c.status(),
                s.idpEntityId(),
                c.displayName(),
                s.idpSsoUrl(),
                acs,
                acs,
                signing.stream().map(SamlViews::certificate).toList(),
                s.verificationCertificates(),
                encryption.stream()
                        .map(k -> new EncryptionPrivateKey(k.keyId(), "", Timestamps.format(k.createdAt())))
                        .toList(),
                s.connectionRoles(),
                s.groupRoles(),
                s.alternativeAudienceUri(),
                c.identityProvider(),
                s.nameidFormat(),
                s.alternativeAcsUrl(),
                s.idpInitiatedAuthDisabled(),
                s.allowGatewayCallback(),
                s.attributeMapping());
    }

    private static X509Certificate certificate(SamlKey k) {
        java.security.cert.X509Certificate parsed = SamlKeys.parseCertificate(k.certificate());
        String at = Timestamps.format(k.createdAt());
        return new X509Certificate(
                k.keyId(),
                k.certificate(),
                parsed.getIssuerX500Principal().getName(),
                at,
                Timestamps.format(parsed.getNotAfter().toInstant()),
                at);
    }
}
