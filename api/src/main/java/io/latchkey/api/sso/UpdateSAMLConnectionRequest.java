package io.latchkey.api.sso;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}}; every field
 * optional, null leaves the setting as it is. {@code x509Certificate} adds a verification
 * certificate; {@code signingPrivateKey} replaces the key AuthnRequests are signed with;
 * {@code samlEncryptionPrivateKey} adds a key for encrypted assertions (both PEM).
 */
public record UpdateSAMLConnectionRequest(
        String idpEntityId,
        String displayName,
        Map<String, Object> attributeMapping,
        String x509Certificate,
        String idpSsoUrl,
        List<SAMLConnectionImplicitRoleAssignment> samlConnectionImplicitRoleAssignments,
        List<SAMLGroupImplicitRoleAssignment> samlGroupImplicitRoleAssignments,
        String alternativeAudienceUri,
        String identityProvider,
        String signingPrivateKey,
        String nameidFormat,
        String alternativeAcsUrl,
        Boolean idpInitiatedAuthDisabled,
        String samlEncryptionPrivateKey,
        Boolean allowGatewayCallback) {
    /** The private keys masked: request bodies end up in logs and exception messages. */
    @Override
    public String toString() {
        return io.latchkey.api.Redacted.toString(this);
    }
}
