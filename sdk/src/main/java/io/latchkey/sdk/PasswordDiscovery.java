package io.latchkey.sdk;

import io.latchkey.api.password.DiscoveryAuthenticateRequest;
import io.latchkey.api.password.DiscoveryLoginResponse;
import io.latchkey.api.password.DiscoveryResetRequest;
import io.latchkey.api.password.DiscoveryResetStartRequest;
import io.latchkey.api.password.DiscoveryResetStartResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Cross-organization passwords: {@code /v1/b2b/passwords/discovery}. One password per email in the
 * project; a login answers an intermediate session and the organizations it can go to (then {@code
 * discovery().exchangeIntermediateSession}). Thread-safe; obtain it from {@link
 * Passwords#discovery()}.
 */
public final class PasswordDiscovery {
    private final Transport transport;

    PasswordDiscovery(Transport transport) {
        this.transport = transport;
    }

    /**
     * Email and password before an organization is chosen ({@code POST
     * /v1/b2b/passwords/discovery/authenticate}).
     *
     * @throws LatchkeyApiException {@code unauthorized_credentials} (401), {@code too_many_requests}
     *     (429)
     */
    public DiscoveryLoginResponse authenticate(DiscoveryAuthenticateRequest request) {
        return Transport.await(authenticateAsync(request));
    }

    /** As {@link #authenticate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<DiscoveryLoginResponse> authenticateAsync(DiscoveryAuthenticateRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "POST", "/v1/b2b/passwords/discovery/authenticate", request, DiscoveryLoginResponse.class);
    }

    /**
     * Mails a reset link bound to the email ({@code POST
     * /v1/b2b/passwords/discovery/email/reset/start}); an address with no membership gets the same
     * answer and no mail.
     */
    public DiscoveryResetStartResponse resetStart(DiscoveryResetStartRequest request) {
        return Transport.await(resetStartAsync(request));
    }

    /** As {@link #resetStart}, without blocking; fails with the same exceptions. */
    public CompletableFuture<DiscoveryResetStartResponse> resetStartAsync(DiscoveryResetStartRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "POST", "/v1/b2b/passwords/discovery/email/reset/start", request, DiscoveryResetStartResponse.class);
    }

    /**
     * Spends the link's token and sets the password on every membership of the email ({@code POST
     * /v1/b2b/passwords/discovery/email/reset}); answers as a discovery login.
     *
     * @throws LatchkeyApiException {@code weak_password} (400), {@code unable_to_auth_magic_link} (401)
     */
    public DiscoveryLoginResponse reset(DiscoveryResetRequest request) {
        return Transport.await(resetAsync(request));
    }

    /** As {@link #reset}, without blocking; fails with the same exceptions. */
    public CompletableFuture<DiscoveryLoginResponse> resetAsync(DiscoveryResetRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/passwords/discovery/email/reset", request, DiscoveryLoginResponse.class);
    }
}
