package io.latchkey.api.password;

/** {@code POST /v1/b2b/passwords/email/require_reset}; organization_id or member_id narrow it. */
public record RequireResetRequest(String emailAddress, String organizationId, String memberId) {}
