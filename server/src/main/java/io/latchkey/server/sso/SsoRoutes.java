package io.latchkey.server.sso;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.sso.CreateOIDCConnectionRequest;
import io.latchkey.api.sso.UpdateOIDCConnectionRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/** HTTP routes of SSO connections. */
public final class SsoRoutes implements RouteGroup {
  private final SsoService sso;

  public SsoRoutes(SsoService sso) {
    this.sso = sso;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/b2b/sso/{organization_id}", ctx ->
        ApiResponses.ok(ctx, sso.getConnections(project(ctx), ctx.pathParam("organization_id"))));
    routes.delete("/v1/b2b/sso/{organization_id}/connections/{connection_id}", ctx ->
        ApiResponses.ok(ctx, sso.deleteConnection(project(ctx), ctx.pathParam("organization_id"),
            ctx.pathParam("connection_id"))));
    routes.post("/v1/b2b/sso/oidc/{organization_id}", ctx ->
        ApiResponses.ok(ctx, sso.createOidc(project(ctx), ctx.pathParam("organization_id"),
            body(ctx, CreateOIDCConnectionRequest.class))));
    routes.put("/v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}", ctx ->
        ApiResponses.ok(ctx, sso.updateOidc(project(ctx), ctx.pathParam("organization_id"),
            ctx.pathParam("connection_id"), body(ctx, UpdateOIDCConnectionRequest.class))));
  }
}
