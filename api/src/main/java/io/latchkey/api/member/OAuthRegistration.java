package io.latchkey.api.member;

/**
 * The member's identity at an OAuth provider; {@code profilePictureUrl} and {@code locale} may be
 * null.
 */
public record OAuthRegistration(
        String providerType,
        String providerSubject,
        String memberOauthRegistrationId,
        String profilePictureUrl,
        String locale) {}
