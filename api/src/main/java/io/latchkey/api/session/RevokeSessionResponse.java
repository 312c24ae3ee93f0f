package io.latchkey.api.session;

/** Answer of a revocation: the envelope only. */
public record RevokeSessionResponse(String requestId, int statusCode) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static RevokeSessionResponse ok() {
        return new RevokeSessionResponse(null, 200);
    }
}
