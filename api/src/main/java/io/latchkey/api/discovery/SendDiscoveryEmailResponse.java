package io.latchkey.api.discovery;

/** Answer of a discovery email send: nothing but the envelope. */
public record SendDiscoveryEmailResponse(String requestId, int statusCode) {}
