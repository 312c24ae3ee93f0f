package io.latchkey.api.sso;

/** Body of {@code POST /v1/b2b/sso/oidc/{organization_id}}; both fields optional. */
public record CreateOIDCConnectionRequest(String displayName, String identityProvider) {}
