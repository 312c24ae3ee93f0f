package io.latchkey.api.discovery;

/** Answer of a discovery email send: nothing but the envelope. */
public record SendDiscoveryEmailResponse(String requestId, int statusCode) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static SendDiscoveryEmailResponse ok() {
        return new SendDiscoveryEmailResponse(null, 200);
    }
}
