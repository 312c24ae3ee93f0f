package io.latchkey.api.password;

/**
 * Answer of strength_check. {@code breachDetectionOnCreate} and {@code breachedPassword} are
 * always false: breach checks need a third-party service on the internet, which a self-hosted
 * server does not call.
 */
public record StrengthCheckResponse(
        String requestId,
        boolean validPassword,
        int score,
        boolean breachedPassword,
        String strengthPolicy,
        boolean breachDetectionOnCreate,
        int statusCode,
        LudsFeedback ludsFeedback,
        ZxcvbnFeedback zxcvbnFeedback) {}
