package io.latchkey.server.http;

import io.javalin.config.RoutesConfig;

/** One feature's HTTP routes; {@code App} hands each group to the server at start-up. */
@FunctionalInterface
public interface RouteGroup {
    void register(RoutesConfig routes);
}
