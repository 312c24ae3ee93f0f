package io.latchkey.api.sso;

/** Answer of OIDC connection create and update; {@code warning} may be null. */
public record OIDCConnectionResponse(String requestId, OIDCConnection connection, String warning, int statusCode) {
    public static OIDCConnectionResponse of(OIDCConnection connection) {
        return new OIDCConnectionResponse(null, connection, null, 200);
    }
}
