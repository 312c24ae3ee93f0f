package io.latchkey.server.member;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;
import static io.latchkey.server.http.ApiRequests.query;
import static io.latchkey.server.http.ApiRequests.queryBoolean;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.member.CreateMemberRequest;
import io.latchkey.api.member.DeleteMemberResponse;
import io.latchkey.api.member.SearchMembersRequest;
import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/**
 * The members API under {@code /v1/b2b/organizations}: HTTP to records and back. Ids in the path
 * win over the copies the Java SDK repeats in bodies and queries.
 */
public final class MemberRoutes implements RouteGroup {
  private static final String ORG = "/v1/b2b/organizations/{organization_id}";
  private static final String ONE = ORG + "/members/{member_id}";

  private final MemberService members;

  public MemberRoutes(MemberService members) {
    this.members = members;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(ORG + "/members", ctx -> ApiResponses.ok(ctx, members.create(
        project(ctx), ctx.pathParam("organization_id"), body(ctx, CreateMemberRequest.class))));
    routes.get(ORG + "/member", ctx -> ApiResponses.ok(ctx, members.get(
        project(ctx), ctx.pathParam("organization_id"), query(ctx, "member_id"), query(ctx, "email_address"))));
    routes.put(ONE, ctx -> ApiResponses.ok(ctx, members.update(
        project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id"),
        body(ctx, UpdateMemberRequest.class))));
    routes.delete(ONE, ctx -> ApiResponses.ok(ctx, new DeleteMemberResponse(members.delete(
        project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id")))));
    routes.put(ONE + "/reactivate", ctx -> ApiResponses.ok(ctx, members.reactivate(
        project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id"))));
    routes.post("/v1/b2b/organizations/members/search", ctx -> ApiResponses.ok(ctx,
        members.search(project(ctx), body(ctx, SearchMembersRequest.class))));
    routes.get("/v1/b2b/organizations/members/dangerously_get/{member_id}", ctx -> ApiResponses.ok(ctx,
        members.dangerouslyGet(project(ctx), ctx.pathParam("member_id"), queryBoolean(ctx, "include_deleted", false))));
  }
}
