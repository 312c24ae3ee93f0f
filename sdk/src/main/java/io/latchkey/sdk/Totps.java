package io.latchkey.sdk;

import io.latchkey.api.totp.AuthenticateTotpRequest;
import io.latchkey.api.totp.AuthenticateTotpResponse;
import io.latchkey.api.totp.CreateTotpRequest;
import io.latchkey.api.totp.CreateTotpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Authenticator apps (TOTP), a second factor: {@code /v1/b2b/totp}. Thread-safe; obtain it from
 * {@link B2BClient#totps()}.
 */
public final class Totps {
    private final Transport transport;

    Totps(Transport transport) {
        this.transport = transport;
    }

    /**
     * Starts a registration: the secret, its QR code and recovery codes, shown once ({@code POST
     * /v1/b2b/totp}). It becomes active with the first right code.
     *
     * @throws LatchkeyApiException e.g. {@code insufficient_factors} (400)
     */
    public CreateTotpResponse create(CreateTotpRequest request) {
        return Transport.await(createAsync(request));
    }

    /** As {@link #create}, without blocking; fails with the same exceptions. */
    public CompletableFuture<CreateTotpResponse> createAsync(CreateTotpRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/totp", request, CreateTotpResponse.class);
    }

    /**
     * Checks a code from the app; with an intermediate session token, a right code completes the
     * login ({@code POST /v1/b2b/totp/authenticate}).
     *
     * @throws LatchkeyApiException {@code unable_to_authenticate_totp} (401), {@code member_locked}
     *     (429)
     */
    public AuthenticateTotpResponse authenticate(AuthenticateTotpRequest request) {
        return Transport.await(authenticateAsync(request));
    }

    /** As {@link #authenticate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<AuthenticateTotpResponse> authenticateAsync(AuthenticateTotpRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/totp/authenticate", request, AuthenticateTotpResponse.class);
    }
}
