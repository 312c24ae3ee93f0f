package io.latchkey.api.sso;

import java.util.Map;

/**
 * An OIDC connection as the API returns it. Every string is non-null ({@code ""} when unset);
 * {@code attributeMapping} may be null. {@code clientSecret} is write-only: it is sealed at rest
 * and answered as {@code ""}. {@code redirectUrl} is what the customer registers at its IdP.
 * {@code status} is {@code pending} until the connection can sign members in, then {@code active}.
 */
public record OIDCConnection(
        String organizationId,
        String connectionId,
        String status,
        String displayName,
        String redirectUrl,
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
    /** The client secret masked, should a caller ever fill it in. */
    @Override
    public String toString() {
        return io.latchkey.api.Redacted.toString(this);
    }
}
