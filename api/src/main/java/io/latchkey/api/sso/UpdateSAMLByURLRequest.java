package io.latchkey.api.sso;

/** Body of {@code PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url}. */
public record UpdateSAMLByURLRequest(String metadataUrl) {}
