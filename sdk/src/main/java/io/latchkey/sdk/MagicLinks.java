package io.latchkey.sdk;

import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkRequest;
import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkResponse;
import io.latchkey.api.magiclink.AuthenticateMagicLinkRequest;
import io.latchkey.api.magiclink.AuthenticateMagicLinkResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Email magic links: {@code /v1/b2b/magic_links}. Sync methods throw {@link LatchkeyException};
 * {@code ...Async} twins complete exceptionally with the same. Thread-safe; obtain it from {@link
 * B2BClient#magicLinks()}.
 */
public final class MagicLinks {
    private final Transport transport;
    private final EmailMagicLinks email;

    MagicLinks(Transport transport) {
        this.transport = transport;
        this.email = new EmailMagicLinks(transport);
    }

    /** Sending links by email: login or signup, and invites. */
    public EmailMagicLinks email() {
        return email;
    }

    /**
     * Exchanges the token from a clicked link for a session ({@code POST
     * /v1/b2b/magic_links/authenticate}). The token is single use. When the organization needs
     * another factor, {@code member_authenticated} is false and an intermediate session token comes
     * back instead of a session. Builder: {@code Requests.authenticateMagicLink(token)}.
     *
     * @throws LatchkeyApiException {@code unable_to_auth_magic_link} (used or expired, 401),
     *     {@code magic_link_not_found} (404)
     */
    public AuthenticateMagicLinkResponse authenticate(AuthenticateMagicLinkRequest request) {
        return Transport.await(authenticateAsync(request));
    }

    /** As {@link #authenticate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<AuthenticateMagicLinkResponse> authenticateAsync(AuthenticateMagicLinkRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", "/v1/b2b/magic_links/authenticate", request, AuthenticateMagicLinkResponse.class);
    }

    /**
     * Exchanges the token of a clicked discovery link for an intermediate session bound to the
     * email, and the organizations it can go to ({@code POST
     * /v1/b2b/magic_links/discovery/authenticate}). The token is single use.
     *
     * @throws LatchkeyApiException {@code unable_to_auth_magic_link} (used or expired, 401)
     */
    public AuthenticateDiscoveryMagicLinkResponse authenticateDiscovery(AuthenticateDiscoveryMagicLinkRequest request) {
        return Transport.await(authenticateDiscoveryAsync(request));
    }

    /** As {@link #authenticateDiscovery}, without blocking; fails with the same exceptions. */
    public CompletableFuture<AuthenticateDiscoveryMagicLinkResponse> authenticateDiscoveryAsync(
            AuthenticateDiscoveryMagicLinkRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "POST",
                "/v1/b2b/magic_links/discovery/authenticate",
                request,
                AuthenticateDiscoveryMagicLinkResponse.class);
    }
}
