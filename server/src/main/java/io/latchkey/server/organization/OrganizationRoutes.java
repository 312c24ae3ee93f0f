package io.latchkey.server.organization;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.organization.CreateOrganizationRequest;
import io.latchkey.api.organization.DeleteOrganizationResponse;
import io.latchkey.api.organization.OrganizationResponse;
import io.latchkey.api.organization.SearchOrganizationsRequest;
import io.latchkey.api.organization.UpdateOrganizationRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;

/**
 * {@code /v1/b2b/organizations}: HTTP to records and back, nothing else. The Java SDK repeats
 * the path's organization_id in the body or query; the path wins and the copy is ignored.
 */
public final class OrganizationRoutes implements RouteGroup {
    private static final String BASE = "/v1/b2b/organizations";
    private static final String ONE = BASE + "/{organization_id}";

    private final OrganizationService organizations;
    private final MemberActions asMember;

    /** {@code asMember} decides the calls made with a member's session header (RBAC-enforced). */
    public OrganizationRoutes(OrganizationService organizations, MemberActions asMember) {
        this.organizations = organizations;
        this.asMember = asMember;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(
                BASE,
                ctx -> ApiResponses.ok(
                        ctx,
                        new OrganizationResponse(
                                organizations.create(project(ctx), body(ctx, CreateOrganizationRequest.class)))));
        routes.post(
                BASE + "/search",
                ctx -> ApiResponses.ok(
                        ctx, organizations.search(project(ctx), body(ctx, SearchOrganizationsRequest.class))));
        routes.get(
                ONE,
                ctx -> ApiResponses.ok(
                        ctx,
                        new OrganizationResponse(organizations.get(project(ctx), ctx.pathParam("organization_id")))));
        routes.put(ONE, ctx -> {
            UpdateOrganizationRequest r = body(ctx, UpdateOrganizationRequest.class);
            asMember.updateOrganization(project(ctx), MemberCredential.of(ctx), ctx.pathParam("organization_id"), r);
            ApiResponses.ok(
                    ctx,
                    new OrganizationResponse(organizations.update(project(ctx), ctx.pathParam("organization_id"), r)));
        });
        routes.delete(ONE, ctx -> {
            asMember.deleteOrganization(project(ctx), MemberCredential.of(ctx), ctx.pathParam("organization_id"));
            ApiResponses.ok(
                    ctx,
                    new DeleteOrganizationResponse(
                            organizations.delete(project(ctx), ctx.pathParam("organization_id"))));
        });
    }
}
