package io.latchkey.api.discovery;

/**
 * {@code POST /v1/b2b/magic_links/discovery/authenticate}. {@code pkceCodeVerifier} is required
 * exactly when the link was sent with a challenge.
 */
public record AuthenticateDiscoveryMagicLinkRequest(String discoveryMagicLinksToken, String pkceCodeVerifier) {}
