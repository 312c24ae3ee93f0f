package io.latchkey.api.session;

/**
 * One way the member proved who they are. {@code type} and {@code deliveryMethod} are required
 * and must stay within the contract's values (the Java SDK maps them to enums): for example
 * {@code magic_link}/{@code email}, {@code otp}/{@code sms}, {@code totp}/{@code authenticator_app}.
 * The per-kind factor objects are present only for their kind.
 */
public record AuthenticationFactor(
        String type,
        String deliveryMethod,
        String lastAuthenticatedAt,
        String createdAt,
        String updatedAt,
        EmailFactor emailFactor,
        PhoneNumberFactor phoneNumberFactor,
        AuthenticatorAppFactor authenticatorAppFactor,
        RecoveryCodeFactor recoveryCodeFactor,
        SsoFactor samlSsoFactor,
        SsoFactor oidcSsoFactor) {

    /** A factor of a kind other than SSO. */
    public AuthenticationFactor(
            String type,
            String deliveryMethod,
            String lastAuthenticatedAt,
            String createdAt,
            String updatedAt,
            EmailFactor emailFactor,
            PhoneNumberFactor phoneNumberFactor,
            AuthenticatorAppFactor authenticatorAppFactor,
            RecoveryCodeFactor recoveryCodeFactor) {
        this(
                type,
                deliveryMethod,
                lastAuthenticatedAt,
                createdAt,
                updatedAt,
                emailFactor,
                phoneNumberFactor,
                authenticatorAppFactor,
                recoveryCodeFactor,
                null,
                null);
    }

    /** An email magic-link factor authenticated at {@code at} (RFC 3339). */
    public static AuthenticationFactor magicLink(String emailId, String emailAddress, String at) {
        return new AuthenticationFactor(
                "magic_link", "email", at, at, at, new EmailFactor(emailId, emailAddress), null, null, null);
    }

    /** An OIDC SSO factor (delivery method {@code sso_oidc}, the SDKs' value) authenticated at {@code at} (RFC 3339). */
    public static AuthenticationFactor oidcSso(SsoFactor factor, String at) {
        return new AuthenticationFactor("sso", "sso_oidc", at, at, at, null, null, null, null, null, factor);
    }

    /** A SAML SSO factor (delivery method {@code sso_saml}) authenticated at {@code at} (RFC 3339). */
    public static AuthenticationFactor samlSso(SsoFactor factor, String at) {
        return new AuthenticationFactor("sso", "sso_saml", at, at, at, null, null, null, null, factor, null);
    }
}
