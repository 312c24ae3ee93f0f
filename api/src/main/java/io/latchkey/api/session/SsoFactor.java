package io.latchkey.api.session;

/**
 * The SSO factor of a session ({@code saml_sso_factor} / {@code oidc_sso_factor}): {@code id} is
 * the member's SSO registration, {@code providerId} the connection, {@code externalId} the
 * member's id at the IdP.
 */
public record SsoFactor(String id, String providerId, String externalId) {}
