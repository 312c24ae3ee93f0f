package io.latchkey.server.totp;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.totp.AuthenticateTotpRequest;
import io.latchkey.api.totp.CreateTotpRequest;
import io.latchkey.api.totp.MigrateTotpRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;

/** HTTP routes of TOTP registrations. */
public final class TotpRoutes implements RouteGroup {
    private final TotpService totps;
    private final RateLimitService rateLimits;
    private final MemberActions asMember;

    /** {@code asMember} decides the calls made with a member's session header (RBAC-enforced). */
    public TotpRoutes(TotpService totps, RateLimitService rateLimits, MemberActions asMember) {
        this.totps = totps;
        this.rateLimits = rateLimits;
        this.asMember = asMember;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(
                "/v1/b2b/totp",
                ctx -> ApiResponses.ok(ctx, totps.create(project(ctx), body(ctx, CreateTotpRequest.class))));
        routes.post("/v1/b2b/totp/authenticate", ctx -> {
            AuthenticateTotpRequest r = body(ctx, AuthenticateTotpRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.member(r.organizationId(), r.memberId()),
                            () -> totps.authenticate(project(ctx), r)));
        });
        routes.delete("/v1/b2b/organizations/{organization_id}/members/{member_id}/totp", ctx -> {
            asMember.deleteTotp(
                    project(ctx),
                    MemberCredential.of(ctx),
                    ctx.pathParam("organization_id"),
                    ctx.pathParam("member_id"));
            ApiResponses.ok(
                    ctx,
                    totps.deleteForMember(project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id")));
        });
        routes.post(
                "/v1/b2b/totp/migrate",
                ctx -> ApiResponses.ok(ctx, totps.migrate(project(ctx), body(ctx, MigrateTotpRequest.class))));
    }
}
