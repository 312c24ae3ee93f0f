package io.latchkey.server.sso;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;
import static io.latchkey.server.http.ApiRequests.query;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.api.sso.CreateExternalConnectionRequest;
import io.latchkey.api.sso.CreateOIDCConnectionRequest;
import io.latchkey.api.sso.SSOAuthenticateRequest;
import io.latchkey.api.sso.UpdateExternalConnectionRequest;
import io.latchkey.api.sso.UpdateOIDCConnectionRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;
import java.util.HashMap;
import java.util.Map;

/** HTTP routes of SSO: connections, the browser flow and sso.authenticate. */
public final class SsoRoutes implements RouteGroup {
    private final SsoService sso;
    private final SsoLoginService logins;
    private final MemberActions asMember;

    /** {@code asMember} decides the connection calls made with a member's session header ({@code stytch.sso}). */
    public SsoRoutes(SsoService sso, SsoLoginService logins, MemberActions asMember) {
        this.sso = sso;
        this.logins = logins;
        this.asMember = asMember;
    }

    private void authorize(Context ctx, String action) {
        asMember.onSsoConnections(project(ctx), MemberCredential.of(ctx), ctx.pathParam("organization_id"), action);
    }

    @Override
    public void register(RoutesConfig routes) {
        // Browser-facing: the project is named by the public_token query parameter.
        routes.get(
                "/v1/public/sso/start",
                ctx -> ctx.redirect(
                        logins.start(
                                project(ctx),
                                query(ctx, "connection_id"),
                                query(ctx, "login_redirect_url"),
                                query(ctx, "signup_redirect_url"),
                                query(ctx, "pkce_code_challenge")),
                        HttpStatus.FOUND));
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
        // A SAML connection's ACS (HTTP-POST binding): the IdP has the browser post its response here.
        routes.post(
                "/v1/b2b/sso/callback/{connection_id}",
                ctx -> ctx.redirect(
                        logins.samlAcs(ctx.pathParam("connection_id"), ctx.formParam("SAMLResponse")),
                        HttpStatus.SEE_OTHER));
        routes.post(
                "/v1/b2b/sso/authenticate",
                ctx -> ApiResponses.ok(
                        ctx, logins.authenticate(project(ctx), body(ctx, SSOAuthenticateRequest.class))));
        routes.get("/v1/b2b/sso/{organization_id}", ctx -> {
            authorize(ctx, "get");
            ApiResponses.ok(ctx, sso.getConnections(project(ctx), ctx.pathParam("organization_id")));
        });
        routes.delete("/v1/b2b/sso/{organization_id}/connections/{connection_id}", ctx -> {
            authorize(ctx, "delete");
            ApiResponses.ok(
                    ctx,
                    sso.deleteConnection(
                            project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("connection_id")));
        });
        routes.post("/v1/b2b/sso/oidc/{organization_id}", ctx -> {
            CreateOIDCConnectionRequest r = body(ctx, CreateOIDCConnectionRequest.class);
            authorize(ctx, "create");
            ApiResponses.ok(ctx, sso.createOidc(project(ctx), ctx.pathParam("organization_id"), r));
        });
        routes.put("/v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}", ctx -> {
            UpdateOIDCConnectionRequest r = body(ctx, UpdateOIDCConnectionRequest.class);
            authorize(ctx, "update");
            ApiResponses.ok(
                    ctx,
                    sso.updateOidc(project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("connection_id"), r));
        });
        routes.post("/v1/b2b/sso/external/{organization_id}", ctx -> {
            CreateExternalConnectionRequest r = body(ctx, CreateExternalConnectionRequest.class);
            authorize(ctx, "create");
            ApiResponses.ok(ctx, sso.external().create(project(ctx), ctx.pathParam("organization_id"), r));
        });
        routes.put("/v1/b2b/sso/external/{organization_id}/connections/{connection_id}", ctx -> {
            UpdateExternalConnectionRequest r = body(ctx, UpdateExternalConnectionRequest.class);
            authorize(ctx, "update");
            ApiResponses.ok(
                    ctx,
                    sso.external()
                            .update(project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("connection_id"), r));
        });
    }
}
