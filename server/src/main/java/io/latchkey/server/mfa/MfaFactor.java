package io.latchkey.server.mfa;

/** The factors whose guesses are counted and locked separately (see {@link MfaAttemptService}). */
public enum MfaFactor {
    SMS_OTP("sms_otp"),
    EMAIL_OTP("email_otp"),
    TOTP("totp"),
    RECOVERY_CODE("recovery_code");

    private final String key;

    MfaFactor(String key) {
        this.key = key;
    }

    /** How the factor is named in storage and in messages. */
    public String key() {
        return key;
    }
}
