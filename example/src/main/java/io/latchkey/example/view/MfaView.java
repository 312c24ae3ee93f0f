package io.latchkey.example.view;

import java.util.List;

/**
 * The MFA page: choose a factor, then enter its code.
 *
 * @param email the member's email
 * @param organizationName where the login goes
 * @param phoneNumber the member's MFA phone number; null when none is set yet
 * @param hasTotp whether the member already has an authenticator app
 * @param step {@code choose}, {@code sms} (a code was texted) or {@code totp} (enter the app's code)
 * @param totpQrCode the new registration's QR code as a data URL; null unless just created
 * @param totpSecret the new registration's secret, for typing in; null unless just created
 * @param recoveryCodes the new registration's recovery codes; empty unless just created
 * @param csrfToken the token every form of the page carries
 * @param problem what went wrong with the last attempt; null when nothing did
 * @param notice a confirmation to show; null when none
 */
public record MfaView(
        String email,
        String organizationName,
        String phoneNumber,
        boolean hasTotp,
        String step,
        String totpQrCode,
        String totpSecret,
        List<String> recoveryCodes,
        String csrfToken,
        Problem problem,
        String notice) {}
