package io.latchkey.api.session;

import java.util.List;

/**
 * Response of {@code GET /v1/b2b/sessions/jwks/{project_id}}: the keys that verify the project's
 * session JWTs, the current one first.
 *
 * @param requestId set by the server's web layer; may be null when the server builds the record
 * @param keys never null
 * @param statusCode set by the server's web layer; may be null when the server builds the record
 */
public record GetJwksResponse(String requestId, List<Jwk> keys, Integer statusCode) {
    /** What the server builds: the envelope fields are the web layer's to fill in. */
    public static GetJwksResponse of(List<Jwk> keys) {
        return new GetJwksResponse(null, keys, null);
    }
}
