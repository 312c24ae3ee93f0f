package io.latchkey.server.totp;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.totp.AuthenticateTotpRequest;
import io.latchkey.api.totp.CreateTotpRequest;
import io.latchkey.api.totp.MigrateTotpRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/** HTTP routes of TOTP registrations. */
public final class TotpRoutes implements RouteGroup {
  private final TotpService totps;

  public TotpRoutes(TotpService totps) {
    this.totps = totps;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/v1/b2b/totp", ctx ->
        ApiResponses.ok(ctx, totps.create(project(ctx), body(ctx, CreateTotpRequest.class))));
    routes.post("/v1/b2b/totp/authenticate", ctx ->
        ApiResponses.ok(ctx, totps.authenticate(project(ctx), body(ctx, AuthenticateTotpRequest.class))));
    routes.post("/v1/b2b/totp/migrate", ctx ->
        ApiResponses.ok(ctx, totps.migrate(project(ctx), body(ctx, MigrateTotpRequest.class))));
  }
}
