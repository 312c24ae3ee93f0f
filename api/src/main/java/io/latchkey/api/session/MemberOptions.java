package io.latchkey.api.session;

/** What second factors the member already has; both fields are {@code ""} when absent. */
public record MemberOptions(String mfaPhoneNumber, String totpRegistrationId) {}
