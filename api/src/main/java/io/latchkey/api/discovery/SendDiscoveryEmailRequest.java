package io.latchkey.api.discovery;

/**
 * {@code POST /v1/b2b/magic_links/email/discovery/send}. Only {@code emailAddress} is required;
 * without {@code discoveryRedirectUrl} the project's default discovery URL is used, and {@code
 * discoveryExpirationMinutes} defaults to 60 (5 to 10080). {@code loginTemplateId} and {@code
 * locale} are accepted; the built-in template is used.
 */
public record SendDiscoveryEmailRequest(
        String emailAddress,
        String discoveryRedirectUrl,
        String pkceCodeChallenge,
        String loginTemplateId,
        String locale,
        Integer discoveryExpirationMinutes) {}
