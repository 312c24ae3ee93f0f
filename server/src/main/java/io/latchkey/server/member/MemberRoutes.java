package io.latchkey.server.member;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;
import static io.latchkey.server.http.ApiRequests.query;
import static io.latchkey.server.http.ApiRequests.queryBoolean;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.member.CreateMemberRequest;
import io.latchkey.api.member.DeleteMemberResponse;
import io.latchkey.api.member.SearchMembersRequest;
import io.latchkey.api.member.UnlinkRetiredEmailRequest;
import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;

/**
 * The members API under {@code /v1/b2b/organizations}: HTTP to records and back. Ids in the path
 * win over the copies the Java SDK repeats in bodies and queries.
 */
public final class MemberRoutes implements RouteGroup {
    private static final String ORG = "/v1/b2b/organizations/{organization_id}";
    private static final String ONE = ORG + "/members/{member_id}";

    private final MemberService members;
    private final MemberActions asMember;

    /** {@code asMember} decides the calls made with a member's session header (RBAC-enforced). */
    public MemberRoutes(MemberService members, MemberActions asMember) {
        this.members = members;
        this.asMember = asMember;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(ORG + "/members", ctx -> {
            CreateMemberRequest r = body(ctx, CreateMemberRequest.class);
            asMember.createMember(project(ctx), MemberCredential.of(ctx), ctx.pathParam("organization_id"), r);
            ApiResponses.ok(ctx, members.create(project(ctx), ctx.pathParam("organization_id"), r));
        });
        routes.get(
                ORG + "/member",
                ctx -> ApiResponses.ok(
                        ctx,
                        members.get(
                                project(ctx),
                                ctx.pathParam("organization_id"),
                                query(ctx, "member_id"),
                                query(ctx, "email_address"))));
        routes.put(ONE, ctx -> {
            UpdateMemberRequest r = body(ctx, UpdateMemberRequest.class);
            asMember.updateMember(
                    project(ctx),
                    MemberCredential.of(ctx),
                    ctx.pathParam("organization_id"),
                    ctx.pathParam("member_id"),
                    r);
            ApiResponses.ok(
                    ctx, members.update(project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id"), r));
        });
        routes.delete(ONE, ctx -> {
            asMember.deleteMember(
                    project(ctx),
                    MemberCredential.of(ctx),
                    ctx.pathParam("organization_id"),
                    ctx.pathParam("member_id"));
            ApiResponses.ok(
                    ctx,
                    new DeleteMemberResponse(members.delete(
                            project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id"))));
        });
        routes.put(ONE + "/reactivate", ctx -> {
            asMember.reactivateMember(
                    project(ctx),
                    MemberCredential.of(ctx),
                    ctx.pathParam("organization_id"),
                    ctx.pathParam("member_id"));
            ApiResponses.ok(
                    ctx,
                    members.reactivate(project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id")));
        });
        routes.delete(ORG + "/members/mfa_phone_numbers/{member_id}", ctx -> {
            asMember.deleteMfaPhoneNumber(
                    project(ctx),
                    MemberCredential.of(ctx),
                    ctx.pathParam("organization_id"),
                    ctx.pathParam("member_id"));
            ApiResponses.ok(
                    ctx,
                    members.deleteMfaPhoneNumber(
                            project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("member_id")));
        });
        routes.post(ONE + "/unlink_retired_email", ctx -> {
            UnlinkRetiredEmailRequest r = body(ctx, UnlinkRetiredEmailRequest.class);
            asMember.unlinkRetiredEmail(
                    project(ctx),
                    MemberCredential.of(ctx),
                    ctx.pathParam("organization_id"),
                    ctx.pathParam("member_id"));
            ApiResponses.ok(
                    ctx,
                    members.unlinkRetiredEmail(
                            project(ctx),
                            ctx.pathParam("organization_id"),
                            ctx.pathParam("member_id"),
                            r.emailId(),
                            r.emailAddress()));
        });
        routes.post("/v1/b2b/organizations/members/search", ctx -> {
            SearchMembersRequest r = body(ctx, SearchMembersRequest.class);
            asMember.searchMembers(project(ctx), MemberCredential.of(ctx), r);
            ApiResponses.ok(ctx, members.search(project(ctx), r));
        });
        routes.get(
                "/v1/b2b/organizations/members/dangerously_get/{member_id}",
                ctx -> ApiResponses.ok(
                        ctx,
                        members.dangerouslyGet(
                                project(ctx),
                                ctx.pathParam("member_id"),
                                queryBoolean(ctx, "include_deleted", false))));
    }
}
