package io.latchkey.sdk;

/** One-time passcodes: {@code /v1/b2b/otps}. Thread-safe; from {@link B2BClient#otps()}. */
public final class Otps {
    private final SmsOtps sms;

    Otps(Transport transport) {
        this.sms = new SmsOtps(transport);
    }

    /** Codes by SMS, a second factor. */
    public SmsOtps sms() {
        return sms;
    }
}
