package io.latchkey.api.sso;

/** Body of {@code POST /v1/b2b/sso/saml/{organization_id}}; both fields optional. */
public record CreateSAMLConnectionRequest(String displayName, String identityProvider) {}
