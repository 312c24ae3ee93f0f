package io.latchkey.server.organization;

/** {@code email_invites}: who may be invited by email. */
public enum EmailInvites {
    ALL_ALLOWED,
    /** Only addresses at one of {@code email_allowed_domains}. */
    RESTRICTED,
    NOT_ALLOWED
}
