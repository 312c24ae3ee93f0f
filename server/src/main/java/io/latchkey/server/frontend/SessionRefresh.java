package io.latchkey.server.frontend;

/** {@code POST /sdk/v1/b2b/sessions/authenticate}: the session itself rides in the Authorization header. */
public record SessionRefresh(Integer sessionDurationMinutes) {}
