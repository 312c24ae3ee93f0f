package io.latchkey.server.project;

/**
 * An allowed redirect URL of a project for one link type. The port may be {@code *} (any port),
 * which is how start-dev allows {@code http://localhost:*}.
 */
public record RedirectUrl(String url, RedirectUrlType type, boolean isDefault) {}
