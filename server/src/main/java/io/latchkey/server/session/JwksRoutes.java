package io.latchkey.server.session;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.session.GetJwksResponse;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/**
 * {@code GET /v1/b2b/sessions/jwks/{project_id}}: public, because the SDKs fetch it without
 * credentials (the web layer skips project authentication for this prefix).
 */
public final class JwksRoutes implements RouteGroup {
    private final SigningKeyService keys;

    public JwksRoutes(SigningKeyService keys) {
        this.keys = keys;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(
                "/v1/b2b/sessions/jwks/{project_id}",
                ctx -> ApiResponses.okPublic(
                        ctx,
                        GetJwksResponse.of(keys.jwks(ctx.pathParam("project_id"))),
                        SigningKeyService.JWKS_MAX_AGE));
    }
}
