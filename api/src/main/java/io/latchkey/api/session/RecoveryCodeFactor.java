package io.latchkey.api.session;

/** The recovery code that completed a recovery-code factor. */
public record RecoveryCodeFactor(String totpRecoveryCodeId) {}
