package io.latchkey.sdk;

import io.latchkey.api.otp.SmsAuthenticateRequest;
import io.latchkey.api.otp.SmsAuthenticateResponse;
import io.latchkey.api.otp.SmsSendRequest;
import io.latchkey.api.otp.SmsSendResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One-time passcodes by SMS, a second factor: {@code /v1/b2b/otps/sms}. Send is never retried by
 * the SDK (a text may have gone out). Thread-safe; obtain it from {@code B2BClient.otps().sms()}.
 */
public final class SmsOtps {
    private final Transport transport;

    SmsOtps(Transport transport) {
        this.transport = transport;
    }

    /**
     * Texts a code to the member's MFA phone number, first setting it from {@code mfa_phone_number}
     * when the member has none ({@code POST /v1/b2b/otps/sms/send}).
     *
     * @throws LatchkeyApiException e.g. {@code member_phone_number_not_found} (404), {@code
     *     invalid_phone_number} (400)
     */
    public SmsSendResponse send(SmsSendRequest request) {
        return Transport.await(sendAsync(request));
    }

    /** As {@link #send}, without blocking; fails with the same exceptions. */
    public CompletableFuture<SmsSendResponse> sendAsync(SmsSendRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/otps/sms/send", request, SmsSendResponse.class);
    }

    /**
     * Checks a texted code; with an intermediate session token, a right code completes the login
     * and a session comes back ({@code POST /v1/b2b/otps/sms/authenticate}).
     *
     * @throws LatchkeyApiException {@code otp_code_not_found} (a wrong code, 404), {@code
     *     unable_to_auth_otp_code} (expired, used or replaced, 401), {@code member_locked} (429)
     */
    public SmsAuthenticateResponse authenticate(SmsAuthenticateRequest request) {
        return Transport.await(authenticateAsync(request));
    }

    /** As {@link #authenticate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<SmsAuthenticateResponse> authenticateAsync(SmsAuthenticateRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/otps/sms/authenticate", request, SmsAuthenticateResponse.class);
    }
}
