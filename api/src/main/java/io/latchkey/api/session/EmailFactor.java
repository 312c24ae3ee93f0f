package io.latchkey.api.session;

/** The email that completed an email factor (magic link, email OTP). */
public record EmailFactor(String emailId, String emailAddress) {}
