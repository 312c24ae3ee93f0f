package io.latchkey.api.sso;

/** Answer of SAML connection create, update and update by URL. */
public record SAMLConnectionResponse(String requestId, int statusCode, SAMLConnection connection) {
    public static SAMLConnectionResponse of(SAMLConnection connection) {
        return new SAMLConnectionResponse(null, 200, connection);
    }
}
