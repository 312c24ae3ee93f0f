package io.latchkey.server.project;

import java.time.Instant;

/**
 * A project's public token ({@code public-token-test-…} / {@code public-token-live-…}): it names
 * the project on browser-facing routes, where no secret can be kept. It proves nothing about the
 * caller, so those routes only start flows that the project's own allow-lists bound.
 */
public record PublicToken(String publicToken, String projectId, Instant createdAt) {}
