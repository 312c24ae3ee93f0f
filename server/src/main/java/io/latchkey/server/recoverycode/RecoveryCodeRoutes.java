package io.latchkey.server.recoverycode;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.recoverycode.RecoverRequest;
import io.latchkey.api.recoverycode.RotateRecoveryCodesRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/** HTTP routes of recovery codes. */
public final class RecoveryCodeRoutes implements RouteGroup {
  private final RecoveryCodeService recoveryCodes;

  public RecoveryCodeRoutes(RecoveryCodeService recoveryCodes) {
    this.recoveryCodes = recoveryCodes;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/v1/b2b/recovery_codes/recover", ctx ->
        ApiResponses.ok(ctx, recoveryCodes.recover(project(ctx), body(ctx, RecoverRequest.class))));
    routes.post("/v1/b2b/recovery_codes/rotate", ctx ->
        ApiResponses.ok(ctx, recoveryCodes.rotate(project(ctx), body(ctx, RotateRecoveryCodesRequest.class))));
    routes.get("/v1/b2b/recovery_codes/{organization_id}/{member_id}", ctx ->
        ApiResponses.ok(ctx, recoveryCodes.get(project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id"))));
  }
}
