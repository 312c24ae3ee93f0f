package io.latchkey.server.session;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;
import static io.latchkey.server.http.ApiRequests.query;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.session.AuthenticateSessionRequest;
import io.latchkey.api.session.ExchangeSessionRequest;
import io.latchkey.api.session.RevokeSessionRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/** HTTP routes of member sessions (the JWKS route lives with the signing keys). */
public final class SessionRoutes implements RouteGroup {
  private final SessionService sessions;
  private final SessionExchangeService exchange;

  public SessionRoutes(SessionService sessions, SessionExchangeService exchange) {
    this.sessions = sessions;
    this.exchange = exchange;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/b2b/sessions", ctx ->
        ApiResponses.ok(ctx, sessions.list(project(ctx), query(ctx, "organization_id"), query(ctx, "member_id"))));
    routes.post("/v1/b2b/sessions/authenticate", ctx ->
        ApiResponses.ok(ctx, sessions.authenticate(project(ctx), body(ctx, AuthenticateSessionRequest.class))));
    routes.post("/v1/b2b/sessions/revoke", ctx ->
        ApiResponses.ok(ctx, sessions.revoke(project(ctx), body(ctx, RevokeSessionRequest.class))));
    routes.post("/v1/b2b/sessions/exchange", ctx ->
        ApiResponses.ok(ctx, exchange.exchange(project(ctx), body(ctx, ExchangeSessionRequest.class))));
  }
}
