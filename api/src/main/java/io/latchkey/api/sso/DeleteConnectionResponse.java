package io.latchkey.api.sso;

/** Answer of {@code DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}}. */
public record DeleteConnectionResponse(String requestId, String connectionId, int statusCode) {
    public static DeleteConnectionResponse of(String connectionId) {
        return new DeleteConnectionResponse(null, connectionId, 200);
    }
}
