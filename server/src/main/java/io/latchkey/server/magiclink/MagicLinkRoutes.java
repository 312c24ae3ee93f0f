package io.latchkey.server.magiclink;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.magiclink.AuthenticateMagicLinkRequest;
import io.latchkey.api.magiclink.InviteRequest;
import io.latchkey.api.magiclink.LoginOrSignupRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;

/** HTTP routes of email magic links. */
public final class MagicLinkRoutes implements RouteGroup {
    private final MagicLinkService magicLinks;
    private final RateLimitService rateLimits;

    private final MemberActions asMember;

    /** {@code asMember} decides the invites sent with a member's session header (RBAC-enforced). */
    public MagicLinkRoutes(MagicLinkService magicLinks, RateLimitService rateLimits, MemberActions asMember) {
        this.magicLinks = magicLinks;
        this.rateLimits = rateLimits;
        this.asMember = asMember;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(
                "/v1/b2b/magic_links/email/login_or_signup",
                ctx -> ApiResponses.ok(
                        ctx, magicLinks.loginOrSignup(project(ctx), body(ctx, LoginOrSignupRequest.class))));
        routes.post("/v1/b2b/magic_links/email/invite", ctx -> {
            InviteRequest r = body(ctx, InviteRequest.class);
            asMember.invite(project(ctx), MemberCredential.of(ctx), r.organizationId(), r.roles());
            ApiResponses.ok(ctx, magicLinks.invite(project(ctx), r));
        });
        routes.post("/v1/b2b/magic_links/authenticate", ctx -> {
            AuthenticateMagicLinkRequest r = body(ctx, AuthenticateMagicLinkRequest.class);
            Credential token = Credential.token(r.magicLinksToken() != null ? r.magicLinksToken() : r.token());
            ApiResponses.ok(
                    ctx,
                    rateLimits.attempt(
                            project(ctx), clientAddress(ctx), token, () -> magicLinks.authenticate(project(ctx), r)));
        });
    }
}
