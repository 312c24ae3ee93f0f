package io.latchkey.api.sso;

import java.util.List;
import java.util.Map;

/**
 * A SAML connection as the API returns it. Every string is non-null ({@code ""} when unset) and
 * every list non-null; {@code attributeMapping} may be null. {@code acsUrl} and {@code audienceUri}
 * (the same URL) are what the customer enters at its IdP; {@code signingCertificates} hold the
 * certificate of the key this server signs its AuthnRequests with. Private keys are write-only:
 * {@code encryptionPrivateKeys} name them but never carry them. {@code status} is {@code pending}
 * until the connection can sign members in, then {@code active}.
 */
public record SAMLConnection(
        String organizationId,
        String connectionId,
        String status,
        String idpEntityId,
        String displayName,
        String idpSsoUrl,
        String acsUrl,
        String audienceUri,
        List<X509Certificate> signingCertificates,
        List<X509Certificate> verificationCertificates,
        List<EncryptionPrivateKey> encryptionPrivateKeys,
        List<SAMLConnectionImplicitRoleAssignment> samlConnectionImplicitRoleAssignments,
        List<SAMLGroupImplicitRoleAssignment> samlGroupImplicitRoleAssignments,
        String alternativeAudienceUri,
        String identityProvider,
        String nameidFormat,
        String alternativeAcsUrl,
        boolean idpInitiatedAuthDisabled,
        boolean allowGatewayCallback,
        Map<String, Object> attributeMapping) {}
