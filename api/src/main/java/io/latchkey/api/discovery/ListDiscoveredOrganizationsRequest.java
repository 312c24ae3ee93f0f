package io.latchkey.api.discovery;

/** {@code POST /v1/b2b/discovery/organizations}: exactly one of the three tokens is given. */
public record ListDiscoveredOrganizationsRequest(
    String intermediateSessionToken, String sessionToken, String sessionJwt) {}
