package io.latchkey.server.sso;

import io.latchkey.api.sso.SAMLConnectionImplicitRoleAssignment;
import io.latchkey.api.sso.SAMLGroupImplicitRoleAssignment;
import io.latchkey.api.sso.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * What a SAML connection knows of its IdP and its rules, none of it secret (the SP's private keys
 * are sealed apart, in sso_saml_keys). Every string non-null ({@code ""} when unset), every list
 * non-null; {@code attributeMapping} may be null. {@code verificationCertificates} are the IdP's
 * certificates responses must be signed with.
 */
record SamlConfig(
        String idpEntityId,
        String idpSsoUrl,
        Map<String, Object> attributeMapping,
        List<X509Certificate> verificationCertificates,
        List<SAMLConnectionImplicitRoleAssignment> connectionRoles,
        List<SAMLGroupImplicitRoleAssignment> groupRoles,
        String alternativeAudienceUri,
        String nameidFormat,
        String alternativeAcsUrl,
        boolean idpInitiatedAuthDisabled,
        boolean allowGatewayCallback) {
    /** The NameID format asked for when none is set. */
    static final String EMAIL_NAMEID = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    static SamlConfig empty() {
        return new SamlConfig("", "", null, List.of(), List.of(), List.of(), "", EMAIL_NAMEID, "", false, false);
    }

    /** Enough to send a member to the IdP and check what comes back. */
    boolean complete() {
        return !idpEntityId.isEmpty()
                && !idpSsoUrl.isEmpty()
                && !verificationCertificates.isEmpty()
                && attributeMapping != null
                && !attributeMapping.isEmpty();
    }
}
