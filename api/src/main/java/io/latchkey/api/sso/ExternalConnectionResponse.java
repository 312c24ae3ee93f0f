package io.latchkey.api.sso;

/** Answer of external connection create and update. */
public record ExternalConnectionResponse(String requestId, int statusCode, ExternalConnection connection) {
    public static ExternalConnectionResponse of(ExternalConnection connection) {
        return new ExternalConnectionResponse(null, 200, connection);
    }
}
