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
    RecoveryCodeFactor recoveryCodeFactor) {

  /** An email magic-link factor authenticated at {@code at} (RFC 3339). */
  public static AuthenticationFactor magicLink(String emailId, String emailAddress, String at) {
    return new AuthenticationFactor(
        "magic_link", "email", at, at, at, new EmailFactor(emailId, emailAddress), null, null, null);
  }

  /** An SSO factor ({@code sso_oidc} or {@code sso_saml}, the SDKs' values) authenticated at {@code at} (RFC 3339). */
  public static AuthenticationFactor sso(String deliveryMethod, String at) {
    return new AuthenticationFactor("sso", deliveryMethod, at, at, at, null, null, null, null);
  }
}
