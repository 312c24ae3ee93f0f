package io.latchkey.api.otp;

/**
 * {@code POST /v1/b2b/otps/email/login_or_signup}. Expirations are minutes (default 10, 2 to
 * 15); template ids and locale are accepted and not used.
 */
public record EmailOtpLoginOrSignupRequest(
        String organizationId,
        String emailAddress,
        String loginTemplateId,
        String signupTemplateId,
        String locale,
        Integer loginExpirationMinutes,
        Integer signupExpirationMinutes) {}
