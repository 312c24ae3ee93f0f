package io.latchkey.api.organization;

/** The organization's SCIM connection; {@code bearerTokenExpiresAt} may be null. */
public record ActiveSCIMConnection(
        String connectionId, String displayName, String bearerTokenLastFour, String bearerTokenExpiresAt) {}
