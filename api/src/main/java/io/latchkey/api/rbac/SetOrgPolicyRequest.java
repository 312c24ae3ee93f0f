package io.latchkey.api.rbac;

/** Body of {@code PUT /v1/b2b/rbac/organizations/{organization_id}}; the path's id wins. */
public record SetOrgPolicyRequest(String organizationId, OrgPolicy orgPolicy) {}
