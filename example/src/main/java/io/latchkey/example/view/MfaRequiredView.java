package io.latchkey.example.view;

/** The link was good, but the organization asks for a second factor this example does not offer. */
public record MfaRequiredView(String email, String organizationName, String mfaPolicy) {}
