package io.latchkey.server.organization;

/** {@code email_jit_provisioning}, {@code sso_jit_provisioning}, {@code oauth_tenant_jit_provisioning}. */
public enum JitProvisioning {
    ALL_ALLOWED,
    RESTRICTED,
    NOT_ALLOWED
}
