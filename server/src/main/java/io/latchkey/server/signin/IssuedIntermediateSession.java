package io.latchkey.server.signin;

import java.time.Instant;

/** An intermediate session token, in clear only in this answer, and when it expires. */
public record IssuedIntermediateSession(String token, Instant expiresAt) {}
