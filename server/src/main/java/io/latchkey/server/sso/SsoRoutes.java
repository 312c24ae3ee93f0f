package io.latchkey.server.sso;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;
import static io.latchkey.server.http.ApiRequests.query;

import io.javalin.http.HttpStatus;
import io.latchkey.api.sso.SSOAuthenticateRequest;
import java.util.HashMap;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.sso.CreateOIDCConnectionRequest;
import io.latchkey.api.sso.UpdateOIDCConnectionRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/** HTTP routes of SSO: connections, the browser flow and sso.authenticate. */
public final class SsoRoutes implements RouteGroup {
  private final SsoService sso;
  private final SsoLoginService logins;

  public SsoRoutes(SsoService sso, SsoLoginService logins) {
    this.sso = sso;
    this.logins = logins;
  }

  @Override
  public void register(RoutesConfig routes) {
    // Browser-facing: the project is named by the public_token query parameter.
    routes.get("/v1/public/sso/start", ctx -> ctx.redirect(logins.start(project(ctx),
        query(ctx, "connection_id"), query(ctx, "login_redirect_url"), query(ctx, "signup_redirect_url"),
        query(ctx, "pkce_code_challenge")), HttpStatus.FOUND));
    // Reached by the IdP's redirect of the browser; the connection names the project.
    routes.get("/v1/b2b/sso/callback/{connection_id}", ctx -> {
      Map<String, String> params = new HashMap<>();
      for (String name : new String[] {"state", "code", "error"}) {
        if (query(ctx, name) != null) {
          params.put(name, query(ctx, name));
        }
      }
      ctx.redirect(logins.oidcCallback(ctx.pathParam("connection_id"), params), HttpStatus.FOUND);
    });
    routes.post("/v1/b2b/sso/authenticate", ctx ->
        ApiResponses.ok(ctx, logins.authenticate(project(ctx), body(ctx, SSOAuthenticateRequest.class))));
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
