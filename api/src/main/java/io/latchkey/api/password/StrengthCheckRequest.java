package io.latchkey.api.password;

/** {@code POST /v1/b2b/passwords/strength_check}; {@code emailAddress} may be null. */
public record StrengthCheckRequest(String password, String emailAddress) {}
