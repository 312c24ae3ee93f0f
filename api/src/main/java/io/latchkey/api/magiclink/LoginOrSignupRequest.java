package io.latchkey.api.magiclink;

/** {@code POST /v1/b2b/magic_links/email/login_or_signup}. */
public record LoginOrSignupRequest(
        String organizationId,
        String emailAddress,
        String loginRedirectUrl,
        String signupRedirectUrl,
        String pkceCodeChallenge,
        String loginTemplateId,
        String signupTemplateId,
        String locale,
        Integer loginExpirationMinutes,
        Integer signupExpirationMinutes) {}
