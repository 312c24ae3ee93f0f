package io.latchkey.api.discovery;

import io.latchkey.api.Redacted;

/** {@code POST /v1/b2b/discovery/organizations}: exactly one of the three tokens is given. */
public record ListDiscoveredOrganizationsRequest(
        String intermediateSessionToken, String sessionToken, String sessionJwt) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
