package io.latchkey.api.session;

/** The TOTP registration that completed a TOTP factor. */
public record AuthenticatorAppFactor(String totpId) {}
