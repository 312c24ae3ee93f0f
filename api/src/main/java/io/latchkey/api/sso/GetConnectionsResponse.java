package io.latchkey.api.sso;

import java.util.List;

/**
 * Answer of {@code GET /v1/b2b/sso/{organization_id}}: the organization's connections by kind,
 * oldest first. The lists are never null.
 */
public record GetConnectionsResponse(
        String requestId,
        List<SAMLConnection> samlConnections,
        List<OIDCConnection> oidcConnections,
        List<ExternalConnection> externalConnections,
        int statusCode) {
    public static GetConnectionsResponse of(
            List<SAMLConnection> saml, List<OIDCConnection> oidc, List<ExternalConnection> external) {
        return new GetConnectionsResponse(null, saml, oidc, external, 200);
    }
}
