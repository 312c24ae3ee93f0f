package io.latchkey.api.session;

/**
 * Why a login stopped short of a session: a second factor is needed. {@code
 * secondaryAuthInitiated} is {@code "sms_otp"} when an SMS was already sent, else null.
 */
public record MfaRequired(MemberOptions memberOptions, String secondaryAuthInitiated) {}
