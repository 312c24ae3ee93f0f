package io.latchkey.server.discovery;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkRequest;
import io.latchkey.api.discovery.CreateOrganizationViaDiscoveryRequest;
import io.latchkey.api.discovery.ExchangeIntermediateSessionRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsRequest;
import io.latchkey.api.discovery.SendDiscoveryEmailRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;

/** HTTP routes of discovery, including the discovery magic-link pair under /magic_links. */
public final class DiscoveryRoutes implements RouteGroup {
    private final DiscoveryService discovery;
    private final RateLimitService rateLimits;

    public DiscoveryRoutes(DiscoveryService discovery, RateLimitService rateLimits) {
        this.discovery = discovery;
        this.rateLimits = rateLimits;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(
                "/v1/b2b/magic_links/email/discovery/send",
                ctx -> ApiResponses.ok(ctx, discovery.send(project(ctx), body(ctx, SendDiscoveryEmailRequest.class))));
        routes.post("/v1/b2b/magic_links/discovery/authenticate", ctx -> {
            AuthenticateDiscoveryMagicLinkRequest r = body(ctx, AuthenticateDiscoveryMagicLinkRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(r.discoveryMagicLinksToken()),
                            () -> discovery.authenticate(project(ctx), r)));
        });
        routes.post(
                "/v1/b2b/discovery/organizations",
                ctx -> ApiResponses.ok(
                        ctx, discovery.list(project(ctx), body(ctx, ListDiscoveredOrganizationsRequest.class))));
        routes.post(
                "/v1/b2b/discovery/intermediate_sessions/exchange",
                ctx -> ApiResponses.ok(
                        ctx, discovery.exchange(project(ctx), body(ctx, ExchangeIntermediateSessionRequest.class))));
        routes.post(
                "/v1/b2b/discovery/organizations/create",
                ctx -> ApiResponses.ok(
                        ctx,
                        discovery.createOrganization(
                                project(ctx), body(ctx, CreateOrganizationViaDiscoveryRequest.class))));
    }
}
