package io.latchkey.api.discovery;

import io.latchkey.api.Redacted;

/**
 * {@code POST /v1/b2b/magic_links/discovery/authenticate}. {@code pkceCodeVerifier} is required
 * exactly when the link was sent with a challenge.
 */
public record AuthenticateDiscoveryMagicLinkRequest(String discoveryMagicLinksToken, String pkceCodeVerifier) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
