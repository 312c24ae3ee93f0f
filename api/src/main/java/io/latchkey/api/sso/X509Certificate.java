package io.latchkey.api.sso;

/**
 * An X.509 certificate of a SAML connection (PEM in {@code certificate}); {@code issuer} is its
 * issuer's distinguished name. The times are RFC 3339 and may be null.
 */
public record X509Certificate(
        String certificateId,
        String certificate,
        String issuer,
        String createdAt,
        String expiresAt,
        String updatedAt) {}
