package io.latchkey.server.frontend;

import io.javalin.http.Handler;

/**
 * A group of {@code /sdk/v1} calls. It registers through {@link Serve} rather than on the router
 * itself, so the one filter of {@link FrontendRoutes} admits it (public token, authorized
 * origin, CORS) and knows its paths.
 */
public interface FrontendRouteGroup {
    /** Registers a call; {@code path} is below {@code /sdk/v1}. */
    @FunctionalInterface
    interface Serve {
        void serve(String method, String path, Handler handler);
    }

    void register(Serve serve);
}
