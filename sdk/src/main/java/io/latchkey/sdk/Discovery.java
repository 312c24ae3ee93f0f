package io.latchkey.sdk;

import io.latchkey.api.discovery.ExchangeIntermediateSessionRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsResponse;
import io.latchkey.api.session.ExchangeResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Discovery, logging in before the organization is known: {@code /v1/b2b/discovery}. The
 * intermediate session comes from {@code magicLinks().discovery().authenticate}. Thread-safe;
 * obtain it from {@link B2BClient#discovery()}.
 */
public final class Discovery {
    private final Transport transport;

    Discovery(Transport transport) {
        this.transport = transport;
    }

    /**
     * The organizations an intermediate session (or member session) can go to ({@code POST
     * /v1/b2b/discovery/organizations}). A POST, but it changes nothing; not retried all the same.
     */
    public ListDiscoveredOrganizationsResponse listOrganizations(ListDiscoveredOrganizationsRequest request) {
        return Transport.await(listOrganizationsAsync(request));
    }

    /** As {@link #listOrganizations}, without blocking; fails with the same exceptions. */
    public CompletableFuture<ListDiscoveredOrganizationsResponse> listOrganizationsAsync(
            ListDiscoveredOrganizationsRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "POST", "/v1/b2b/discovery/organizations", request, ListDiscoveredOrganizationsResponse.class);
    }

    /**
     * Trades the intermediate session for a session in the chosen organization, or ({@code
     * member_authenticated} false) a new intermediate session bound to it when MFA is due ({@code
     * POST /v1/b2b/discovery/intermediate_sessions/exchange}). Consumes the token.
     *
     * @throws LatchkeyApiException e.g. {@code intermediate_session_not_found}
     */
    public ExchangeResponse exchangeIntermediateSession(ExchangeIntermediateSessionRequest request) {
        return Transport.await(exchangeIntermediateSessionAsync(request));
    }

    /** As {@link #exchangeIntermediateSession}, without blocking; fails with the same exceptions. */
    public CompletableFuture<ExchangeResponse> exchangeIntermediateSessionAsync(
            ExchangeIntermediateSessionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "POST", "/v1/b2b/discovery/intermediate_sessions/exchange", request, ExchangeResponse.class);
    }
}
