package io.latchkey.server.organization;

import java.util.Arrays;
import java.util.Optional;

/** A second-factor method as {@code allowed_mfa_methods} and {@code default_mfa_method} name it. */
public enum MfaMethod {
    SMS_OTP("sms_otp"),
    TOTP("totp");

    private final String wireName;

    MfaMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MfaMethod> fromWire(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}
