package io.latchkey.server.sso;

import java.time.Instant;

/**
 * A stored SSO connection. {@code oidc} is set for kind {@code oidc}; {@code sealedSecret} is the
 * OIDC client secret sealed under {@link #sealingContext} (null until one is set).
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
        byte[] sealedSecret,
        Instant createdAt,
        Instant updatedAt) {
    static final String OIDC = "oidc";
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
                sealedSecret,
                createdAt,
                updatedAt);
    }
}
