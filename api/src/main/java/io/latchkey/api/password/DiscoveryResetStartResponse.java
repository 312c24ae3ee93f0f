package io.latchkey.api.password;

/** Answer of passwords.discovery.email.resetStart: nothing but the envelope. */
public record DiscoveryResetStartResponse(String requestId, int statusCode) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static DiscoveryResetStartResponse ok() {
        return new DiscoveryResetStartResponse(null, 200);
    }
}
