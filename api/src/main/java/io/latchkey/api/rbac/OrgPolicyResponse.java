package io.latchkey.api.rbac;

/** {@code GET}/{@code PUT /v1/b2b/rbac/organizations/{organization_id}}; the web layer fills the envelope. */
public record OrgPolicyResponse(String requestId, OrgPolicy orgPolicy, int statusCode) {
    public OrgPolicyResponse(OrgPolicy orgPolicy) {
        this(null, orgPolicy, 200);
    }
}
