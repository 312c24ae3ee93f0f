package io.latchkey.api.organization;

/** An SSO connection an organization can log in with. All fields non-null. */
public record ActiveSSOConnection(String connectionId, String displayName, String identityProvider) {}
