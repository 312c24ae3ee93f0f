package io.latchkey.api.session;

/** A permission check to run together with a session check. */
public record AuthorizationCheck(String organizationId, String resourceId, String action) {}
