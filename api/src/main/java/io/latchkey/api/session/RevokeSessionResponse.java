package io.latchkey.api.session;

/** Answer of a revocation: the envelope only. */
public record RevokeSessionResponse(String requestId, int statusCode) {}
