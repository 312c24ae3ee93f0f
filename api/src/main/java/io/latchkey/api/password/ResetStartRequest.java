package io.latchkey.api.password;

/** {@code POST /v1/b2b/passwords/email/reset/start}. */
public record ResetStartRequest(
        String organizationId,
        String emailAddress,
        String resetPasswordRedirectUrl,
        Integer resetPasswordExpirationMinutes,
        String codeChallenge,
        String loginRedirectUrl,
        String locale,
        String resetPasswordTemplateId,
        String verifyEmailTemplateId) {}
