package io.latchkey.api.member;

/** An email address the member used before; no other member of the organization may take it. */
public record RetiredEmail(String emailId, String emailAddress) {}
