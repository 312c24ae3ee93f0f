package io.latchkey.api.recoverycode;

/** {@code POST /v1/b2b/recovery_codes/rotate}. */
public record RotateRecoveryCodesRequest(String organizationId, String memberId) {}
