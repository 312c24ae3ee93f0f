package io.latchkey.server.rbac;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.rbac.SetOrgPolicyRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/** {@code /v1/b2b/rbac}: HTTP to records and back. The path's organization id wins over the body's. */
public final class RbacRoutes implements RouteGroup {
    private static final String ORG = "/v1/b2b/rbac/organizations/{organization_id}";

    private final OrgPolicyService rbac;

    public RbacRoutes(OrgPolicyService rbac) {
        this.rbac = rbac;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/b2b/rbac/policy", ctx -> ApiResponses.ok(ctx, rbac.policy(project(ctx))));
        routes.get(ORG, ctx -> ApiResponses.ok(ctx, rbac.get(project(ctx), ctx.pathParam("organization_id"))));
        routes.put(
                ORG,
                ctx -> ApiResponses.ok(
                        ctx,
                        rbac.set(
                                project(ctx), ctx.pathParam("organization_id"), body(ctx, SetOrgPolicyRequest.class))));
    }
}
