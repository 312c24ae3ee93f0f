package io.latchkey.api.password;

/** {@code POST /v1/b2b/passwords/discovery/email/reset/start}. */
public record DiscoveryResetStartRequest(
        String emailAddress,
        String resetPasswordRedirectUrl,
        String discoveryRedirectUrl,
        String resetPasswordTemplateId,
        Integer resetPasswordExpirationMinutes,
        String pkceCodeChallenge,
        String locale,
        String verifyEmailTemplateId) {}
