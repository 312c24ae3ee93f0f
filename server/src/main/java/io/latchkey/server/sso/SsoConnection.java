package io.latchkey.server.sso;

import java.time.Instant;

/**
 * A stored SSO connection. {@code oidc} is set for kind {@code oidc} and {@code saml} for kind
 * {@code saml} (the other is null); {@code sealedSecret} is the OIDC client secret sealed under
 * {@link #sealingContext} (null until one is set, and always for SAML, whose keys are kept apart).
 */
record SsoConnection(
        String connectionId,
        String projectId,
        String organizationId,
        String kind,
        String status,
        String displayName,
        String identityProvider,
        OidcConfig oidc,
        SamlConfig saml,
        byte[] sealedSecret,
        Instant createdAt,
        Instant updatedAt) {
    static final String OIDC = "oidc";
    static final String SAML = "saml";
    /** Another organization's connection, used by this one; see {@link ExternalConnections}. */
    static final String EXTERNAL = "external";

    /** The associated data a connection's secret is sealed under: it opens for this row only. */
    static String sealingContext(String connectionId) {
        return "sso-connection-secret:" + connectionId;
    }

    SsoConnection with(
            String status,
            String displayName,
            String identityProvider,
            OidcConfig oidc,
            byte[] sealedSecret,
            Instant updatedAt) {
        return new SsoConnection(
                connectionId,
                projectId,
                organizationId,
                kind,
                status,
                displayName,
                identityProvider,
                oidc,
                saml,
                sealedSecret,
                createdAt,
                updatedAt);
    }

    /** The SAML connection with new settings. */
    SsoConnection withSaml(String status, String displayName, String identityProvider, SamlConfig saml, Instant at) {
        return new SsoConnection(
                connectionId,
                projectId,
                organizationId,
                kind,
                status,
                displayName,
                identityProvider,
                null,
                saml,
                null,
                createdAt,
                at);
    }

    /** The configuration as stored: the JSON document of its kind. */
    Object config() {
        return SAML.equals(kind) ? saml : oidc;
    }
}
