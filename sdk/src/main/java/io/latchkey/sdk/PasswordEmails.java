package io.latchkey.sdk;

import io.latchkey.api.password.PasswordLoginResponse;
import io.latchkey.api.password.RequireResetRequest;
import io.latchkey.api.password.RequireResetResponse;
import io.latchkey.api.password.ResetRequest;
import io.latchkey.api.password.ResetStartRequest;
import io.latchkey.api.password.ResetStartResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Password resets by emailed link: {@code /v1/b2b/passwords/email}. The link carries {@code
 * stytch_token_type=multi_tenant_passwords} and a token for {@link #reset}. Thread-safe; obtain it
 * from {@link Passwords#email()}.
 */
public final class PasswordEmails {
    private final Transport transport;

    PasswordEmails(Transport transport) {
        this.transport = transport;
    }

    /**
     * Mails the member a reset link ({@code POST /v1/b2b/passwords/email/reset/start}). Builder:
     * {@code Requests.passwordResetStart(organizationId, email)}.
     *
     * @throws LatchkeyApiException {@code member_not_found} (404), {@code
     *     invalid_reset_password_redirect_url} (400), {@code too_many_requests} (429)
     */
    public ResetStartResponse resetStart(ResetStartRequest request) {
        return Transport.await(resetStartAsync(request));
    }

    /** As {@link #resetStart}, without blocking; fails with the same exceptions. */
    public CompletableFuture<ResetStartResponse> resetStartAsync(ResetStartRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/passwords/email/reset/start", request, ResetStartResponse.class);
    }

    /**
     * Spends the link's token, sets the new password and logs the member in ({@code POST
     * /v1/b2b/passwords/email/reset}). The token is single use; a weak password does not spend it.
     *
     * @throws LatchkeyApiException {@code weak_password} (400), {@code unable_to_auth_magic_link}
     *     (401: used or expired), {@code magic_link_not_found} (404)
     */
    public PasswordLoginResponse reset(ResetRequest request) {
        return Transport.await(resetAsync(request));
    }

    /** As {@link #reset}, without blocking; fails with the same exceptions. */
    public CompletableFuture<PasswordLoginResponse> resetAsync(ResetRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/passwords/email/reset", request, PasswordLoginResponse.class);
    }

    /**
     * Makes the member's next password login answer {@code reset_password} until it resets ({@code
     * POST /v1/b2b/passwords/email/require_reset}); without an organization, every membership of the
     * email.
     */
    public RequireResetResponse requireReset(RequireResetRequest request) {
        return Transport.await(requireResetAsync(request));
    }

    /** As {@link #requireReset}, without blocking; fails with the same exceptions. */
    public CompletableFuture<RequireResetResponse> requireResetAsync(RequireResetRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/passwords/email/require_reset", request, RequireResetResponse.class);
    }
}
