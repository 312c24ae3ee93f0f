package io.latchkey.server.organization;

/** {@code auth_methods} and {@code mfa_methods}: whether the matching {@code allowed_*} list applies. */
public enum MethodRestriction {
    ALL_ALLOWED,
    RESTRICTED
}
