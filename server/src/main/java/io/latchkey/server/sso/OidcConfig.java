package io.latchkey.server.sso;

import java.util.Map;

/**
 * What an OIDC connection knows of its IdP besides the client secret (sealed apart). Every
 * string non-null, {@code ""} when not configured; {@code attributeMapping} may be null.
 */
record OidcConfig(
        String clientId,
        String issuer,
        String authorizationUrl,
        String tokenUrl,
        String userinfoUrl,
        String jwksUrl,
        String customScopes,
        Map<String, Object> attributeMapping) {
    static OidcConfig empty() {
        return new OidcConfig("", "", "", "", "", "", "", null);
    }

    /** Enough to send a member to the IdP and check what comes back (the secret aside). */
    boolean complete() {
        return !clientId.isEmpty()
                && !issuer.isEmpty()
                && !authorizationUrl.isEmpty()
                && !tokenUrl.isEmpty()
                && !jwksUrl.isEmpty();
    }
}
