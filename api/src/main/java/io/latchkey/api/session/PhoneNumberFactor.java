package io.latchkey.api.session;

/** The phone that completed an SMS OTP factor. */
public record PhoneNumberFactor(String phoneId, String phoneNumber) {}
