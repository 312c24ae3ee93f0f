package io.latchkey.api.rbac;

/** {@code GET /v1/b2b/rbac/policy}; the web layer fills the envelope. */
public record PolicyResponse(String requestId, int statusCode, Policy policy) {
    public PolicyResponse(Policy policy) {
        this(null, 200, policy);
    }
}
