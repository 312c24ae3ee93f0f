package io.latchkey.server.recoverycode;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.recoverycode.RecoverRequest;
import io.latchkey.api.recoverycode.RotateRecoveryCodesRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;

/** HTTP routes of recovery codes. */
public final class RecoveryCodeRoutes implements RouteGroup {
    private final RecoveryCodeService recoveryCodes;
    private final RateLimitService rateLimits;

    public RecoveryCodeRoutes(RecoveryCodeService recoveryCodes, RateLimitService rateLimits) {
        this.recoveryCodes = recoveryCodes;
        this.rateLimits = rateLimits;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/b2b/recovery_codes/recover", ctx -> {
            RecoverRequest r = body(ctx, RecoverRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.member(r.organizationId(), r.memberId()),
                            () -> recoveryCodes.recover(project(ctx), r)));
        });
        routes.post(
                "/v1/b2b/recovery_codes/rotate",
                ctx -> ApiResponses.ok(
                        ctx, recoveryCodes.rotate(project(ctx), body(ctx, RotateRecoveryCodesRequest.class))));
        routes.get(
                "/v1/b2b/recovery_codes/{organization_id}/{member_id}",
                ctx -> ApiResponses.ok(
                        ctx,
                        recoveryCodes.get(project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id"))));
    }
}
