package io.latchkey.api.member;

import java.util.List;
import java.util.Map;

/**
 * A member of an organization as the API returns it. Every field the Java SDK requires is
 * non-null ({@code ""}, {@code []}, {@code false}); the metadata maps, the timestamps (RFC 3339),
 * {@code scimRegistration}, {@code externalId} and the lock times may be null. {@code status} is
 * one of {@code pending}, {@code invited}, {@code active}, {@code deleted}.
 */
public record Member(
        String organizationId,
        String memberId,
        String emailAddress,
        String status,
        String name,
        List<SSORegistration> ssoRegistrations,
        boolean isBreakglass,
        String memberPasswordId,
        List<OAuthRegistration> oauthRegistrations,
        boolean emailAddressVerified,
        boolean mfaPhoneNumberVerified,
        boolean isAdmin,
        String totpRegistrationId,
        List<RetiredEmail> retiredEmailAddresses,
        boolean isLocked,
        boolean mfaEnrolled,
        String mfaPhoneNumber,
        String defaultMfaMethod,
        List<MemberRole> roles,
        Map<String, Object> trustedMetadata,
        Map<String, Object> untrustedMetadata,
        String createdAt,
        String updatedAt,
        SCIMRegistration scimRegistration,
        String externalId,
        String lockCreatedAt,
        String lockExpiresAt) {}
