package io.latchkey.server.session;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;
import static io.latchkey.server.http.ApiRequests.query;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.session.AuthenticateSessionRequest;
import io.latchkey.api.session.RevokeSessionRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;

/** HTTP routes of member sessions (the JWKS route lives with the signing keys, the exchange with sign-in). */
public final class SessionRoutes implements RouteGroup {
    private final SessionService sessions;
    private final RateLimitService rateLimits;

    private final MemberActions asMember;

    /** {@code asMember} decides the revocations made with a member's session header (RBAC-enforced). */
    public SessionRoutes(SessionService sessions, RateLimitService rateLimits, MemberActions asMember) {
        this.sessions = sessions;
        this.rateLimits = rateLimits;
        this.asMember = asMember;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(
                "/v1/b2b/sessions",
                ctx -> ApiResponses.ok(
                        ctx, sessions.list(project(ctx), query(ctx, "organization_id"), query(ctx, "member_id"))));
        // The hot path: failures are counted, a success reads and writes nothing for the limits.
        routes.post("/v1/b2b/sessions/authenticate", ctx -> {
            AuthenticateSessionRequest r = body(ctx, AuthenticateSessionRequest.class);
            Credential credential = r.sessionToken() != null
                    ? Credential.token(r.sessionToken())
                    : Credential.sessionJwt(r.sessionJwt());
            ApiResponses.ok(
                    ctx,
                    rateLimits.attemptOnHotPath(
                            project(ctx),
                            clientAddress(ctx),
                            credential,
                            () -> sessions.authenticate(project(ctx), r)));
        });
        routes.post("/v1/b2b/sessions/revoke", ctx -> {
            MemberCredential as = MemberCredential.of(ctx);
            ApiResponses.ok(
                    ctx,
                    sessions.revoke(
                            project(ctx),
                            body(ctx, RevokeSessionRequest.class),
                            (organizationId, memberId) ->
                                    asMember.revokeSessions(project(ctx), as, organizationId, memberId)));
        });
    }
}
