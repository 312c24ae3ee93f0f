package io.latchkey.sdk;

import io.latchkey.api.discovery.SendDiscoveryEmailRequest;
import io.latchkey.api.discovery.SendDiscoveryEmailResponse;
import io.latchkey.api.magiclink.InviteRequest;
import io.latchkey.api.magiclink.InviteResponse;
import io.latchkey.api.magiclink.LoginOrSignupRequest;
import io.latchkey.api.magiclink.LoginOrSignupResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Sending magic links by email: {@code /v1/b2b/magic_links/email}. These calls send mail, so they
 * are never retried by the SDK: after a {@link LatchkeyNetworkException} the email may or may
 * not have gone out. Thread-safe; obtain it from {@code B2BClient.magicLinks().email()}.
 */
public final class EmailMagicLinks {
    private final Transport transport;

    EmailMagicLinks(Transport transport) {
        this.transport = transport;
    }

    /**
     * Emails a login link to an active member, or a signup link to a new (if the organization's JIT
     * rules allow), pending or invited one ({@code POST
     * /v1/b2b/magic_links/email/login_or_signup}). Builder: {@code Requests.loginOrSignup(org,
     * email)}.
     *
     * @throws LatchkeyApiException e.g. {@code email_jit_provisioning_not_allowed}, {@code
     *     invalid_login_redirect_url}
     */
    public LoginOrSignupResponse loginOrSignup(LoginOrSignupRequest request) {
        return Transport.await(loginOrSignupAsync(request));
    }

    /** As {@link #loginOrSignup}, without blocking; fails with the same exceptions. */
    public CompletableFuture<LoginOrSignupResponse> loginOrSignupAsync(LoginOrSignupRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "POST", "/v1/b2b/magic_links/email/login_or_signup", request, LoginOrSignupResponse.class);
    }

    /**
     * Invites someone into an organization by email; the member is created with status {@code
     * invited} ({@code POST /v1/b2b/magic_links/email/invite}). Builder: {@code
     * Requests.invite(org, email)}.
     *
     * @throws LatchkeyApiException e.g. {@code invalid_email_for_invites}
     */
    public InviteResponse invite(InviteRequest request) {
        return Transport.await(inviteAsync(request));
    }

    /** As {@link #invite}, without blocking; fails with the same exceptions. */
    public CompletableFuture<InviteResponse> inviteAsync(InviteRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/magic_links/email/invite", request, InviteResponse.class);
    }

    /**
     * Emails a discovery link: it proves the email only, and leads to the organizations the email
     * can go to ({@code POST /v1/b2b/magic_links/email/discovery/send}).
     *
     * @throws LatchkeyApiException e.g. {@code invalid_discovery_redirect_url}
     */
    public SendDiscoveryEmailResponse discoverySend(SendDiscoveryEmailRequest request) {
        return Transport.await(discoverySendAsync(request));
    }

    /** As {@link #discoverySend}, without blocking; fails with the same exceptions. */
    public CompletableFuture<SendDiscoveryEmailResponse> discoverySendAsync(SendDiscoveryEmailRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "POST", "/v1/b2b/magic_links/email/discovery/send", request, SendDiscoveryEmailResponse.class);
    }
}
