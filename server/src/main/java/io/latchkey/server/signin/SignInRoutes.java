package io.latchkey.server.signin;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.session.ExchangeSessionRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/** HTTP routes of the sign-in room: the session exchange (every other login has its own room). */
public final class SignInRoutes implements RouteGroup {
    private final SessionExchangeService exchange;

    public SignInRoutes(SessionExchangeService exchange) {
        this.exchange = exchange;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(
                "/v1/b2b/sessions/exchange",
                ctx -> ApiResponses.ok(ctx, exchange.exchange(project(ctx), body(ctx, ExchangeSessionRequest.class))));
    }
}
