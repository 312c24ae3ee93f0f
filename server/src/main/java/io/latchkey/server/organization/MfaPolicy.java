package io.latchkey.server.organization;

/** {@code mfa_policy}. */
public enum MfaPolicy {
    /** MFA is due for enrolled members only. */
    OPTIONAL,
    REQUIRED_FOR_ALL
}
