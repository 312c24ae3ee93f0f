package io.latchkey.api.sso;

import io.latchkey.api.Redacted;
import java.util.Map;

/**
 * Body of {@code PUT /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}}. A null field
 * leaves the value unchanged.
 */
public record UpdateOIDCConnectionRequest(
        String displayName,
        String clientId,
        String clientSecret,
        String issuer,
        String authorizationUrl,
        String tokenUrl,
        String userinfoUrl,
        String jwksUrl,
        String identityProvider,
        String customScopes,
        Map<String, Object> attributeMapping) {
    /** The client secret masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
