package io.latchkey.sdk;

import io.latchkey.api.password.AuthenticateRequest;
import io.latchkey.api.password.ExistingPasswordResetRequest;
import io.latchkey.api.password.MigrateRequest;
import io.latchkey.api.password.MigrateResponse;
import io.latchkey.api.password.PasswordLoginResponse;
import io.latchkey.api.password.SessionResetRequest;
import io.latchkey.api.password.StrengthCheckRequest;
import io.latchkey.api.password.StrengthCheckResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Passwords: {@code /v1/b2b/passwords}. Logging in with one, checking a candidate, importing
 * hashes from another system, and changing a password with the old one or from a session; resets
 * by emailed link are in {@link #email()}, cross-organization passwords in {@link #discovery()}.
 * Requests holding a password mask it in {@code toString}. Sync methods throw {@link
 * LatchkeyException}; {@code ...Async} twins complete exceptionally with the same. Thread-safe;
 * obtain it from {@link B2BClient#passwords()}.
 */
public final class Passwords {
    private final Transport transport;
    private final PasswordEmails email;
    private final PasswordDiscovery discovery;

    Passwords(Transport transport) {
        this.transport = transport;
        this.email = new PasswordEmails(transport);
        this.discovery = new PasswordDiscovery(transport);
    }

    /** Resets by emailed link, and requiring one. */
    public PasswordEmails email() {
        return email;
    }

    /** Cross-organization (discovery) passwords. */
    public PasswordDiscovery discovery() {
        return discovery;
    }

    /**
     * Logs a member in with email and password ({@code POST /v1/b2b/passwords/authenticate}): a
     * session, or ({@code member_authenticated} false) an intermediate session token when the
     * organization needs another factor. Builder: {@code Requests.passwordAuthenticate(...)}.
     *
     * @throws LatchkeyApiException {@code unauthorized_credentials} (401: a wrong password, an
     *     unknown email and a member without a password alike), {@code reset_password} (400: a reset
     *     is required first), {@code too_many_requests} (429: too many failures with this email)
     */
    public PasswordLoginResponse authenticate(AuthenticateRequest request) {
        return Transport.await(authenticateAsync(request));
    }

    /** As {@link #authenticate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<PasswordLoginResponse> authenticateAsync(AuthenticateRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/passwords/authenticate", request, PasswordLoginResponse.class);
    }

    /**
     * Scores a candidate password against the project's policy, with feedback to show ({@code POST
     * /v1/b2b/passwords/strength_check}). Changes nothing.
     */
    public StrengthCheckResponse strengthCheck(StrengthCheckRequest request) {
        return Transport.await(strengthCheckAsync(request));
    }

    /** As {@link #strengthCheck}, without blocking; fails with the same exceptions. */
    public CompletableFuture<StrengthCheckResponse> strengthCheckAsync(StrengthCheckRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/passwords/strength_check", request, StrengthCheckResponse.class);
    }

    /**
     * Imports a member (created when new) with a hash made by another system ({@code POST
     * /v1/b2b/passwords/migrate}); it is replaced by the server's own at the next login.
     *
     * @throws LatchkeyApiException {@code invalid_hash_type}, {@code invalid_bcrypt_hash}, ... (400)
     */
    public MigrateResponse migrate(MigrateRequest request) {
        return Transport.await(migrateAsync(request));
    }

    /** As {@link #migrate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<MigrateResponse> migrateAsync(MigrateRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/passwords/migrate", request, MigrateResponse.class);
    }

    /**
     * Changes a member's password given the current one, and logs it in ({@code POST
     * /v1/b2b/passwords/existing_password/reset}).
     *
     * @throws LatchkeyApiException {@code unauthorized_credentials} (401), {@code weak_password} (400)
     */
    public PasswordLoginResponse resetWithExistingPassword(ExistingPasswordResetRequest request) {
        return Transport.await(resetWithExistingPasswordAsync(request));
    }

    /** As {@link #resetWithExistingPassword}, without blocking; fails with the same exceptions. */
    public CompletableFuture<PasswordLoginResponse> resetWithExistingPasswordAsync(
            ExistingPasswordResetRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "POST", "/v1/b2b/passwords/existing_password/reset", request, PasswordLoginResponse.class);
    }

    /**
     * Sets a new password for the member of a live session (token or JWT), e.g. on a settings page
     * ({@code POST /v1/b2b/passwords/session/reset}).
     *
     * @throws LatchkeyApiException {@code session_not_found} (404), {@code weak_password} (400)
     */
    public PasswordLoginResponse resetWithSession(SessionResetRequest request) {
        return Transport.await(resetWithSessionAsync(request));
    }

    /** As {@link #resetWithSession}, without blocking; fails with the same exceptions. */
    public CompletableFuture<PasswordLoginResponse> resetWithSessionAsync(SessionResetRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/passwords/session/reset", request, PasswordLoginResponse.class);
    }
}
