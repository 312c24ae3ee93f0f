package io.latchkey.server.mfa;

import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.AuthenticatorAppFactor;
import io.latchkey.api.session.EmailFactor;
import io.latchkey.api.session.PhoneNumberFactor;
import io.latchkey.api.session.RecoveryCodeFactor;

/**
 * The authentication factors these features add to sessions, with the type and delivery method
 * pairs the Java SDK accepts (contract phase 1 §1.4). {@code at} is an RFC 3339 time.
 */
public final class Factors {
    private Factors() {}

    public static AuthenticationFactor smsOtp(String phoneId, String phoneNumber, String at) {
        return new AuthenticationFactor(
                "otp", "sms", at, at, at, null, new PhoneNumberFactor(phoneId, phoneNumber), null, null);
    }

    public static AuthenticationFactor emailOtp(String emailId, String emailAddress, String at) {
        return new AuthenticationFactor(
                "email_otp", "email", at, at, at, new EmailFactor(emailId, emailAddress), null, null, null);
    }

    public static AuthenticationFactor totp(String totpRegistrationId, String at) {
        return new AuthenticationFactor(
                "totp",
                "authenticator_app",
                at,
                at,
                at,
                null,
                null,
                new AuthenticatorAppFactor(totpRegistrationId),
                null);
    }

    public static AuthenticationFactor recoveryCode(String recoveryCodeId, String at) {
        return new AuthenticationFactor(
                "recovery_codes",
                "recovery_code",
                at,
                at,
                at,
                null,
                null,
                null,
                new RecoveryCodeFactor(recoveryCodeId));
    }

    /** Same type and delivery method: a newer one replaces the older in a session. */
    public static boolean sameKind(AuthenticationFactor a, AuthenticationFactor b) {
        return a.type().equals(b.type()) && a.deliveryMethod().equals(b.deliveryMethod());
    }
}
