package io.latchkey.server.password;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.password.AuthenticateRequest;
import io.latchkey.api.password.DiscoveryAuthenticateRequest;
import io.latchkey.api.password.DiscoveryResetRequest;
import io.latchkey.api.password.DiscoveryResetStartRequest;
import io.latchkey.api.password.ExistingPasswordResetRequest;
import io.latchkey.api.password.MigrateRequest;
import io.latchkey.api.password.RequireResetRequest;
import io.latchkey.api.password.ResetRequest;
import io.latchkey.api.password.ResetStartRequest;
import io.latchkey.api.password.SessionResetRequest;
import io.latchkey.api.password.StrengthCheckRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;

/**
 * HTTP routes of passwords. Every call that checks a password or spends a reset link counts its
 * failures against the client address and the credential (the email in the organization, or the
 * link), as the other authenticate calls do; a call checking a password is refused outright while
 * its email's failures fill their window (a password has no wrong-guess limit of its own).
 */
public final class PasswordRoutes implements RouteGroup {
    private final PasswordService passwords;
    private final RateLimitService rateLimits;
    private final MemberActions asMember;

    /** {@code asMember} decides the calls made with a member's session header (RBAC-enforced). */
    public PasswordRoutes(PasswordService passwords, RateLimitService rateLimits, MemberActions asMember) {
        this.passwords = passwords;
        this.rateLimits = rateLimits;
        this.asMember = asMember;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(
                "/v1/b2b/passwords/strength_check",
                ctx -> ApiResponses.ok(ctx, passwords.strengthCheck(body(ctx, StrengthCheckRequest.class))));
        routes.post(
                "/v1/b2b/passwords/migrate",
                ctx -> ApiResponses.ok(ctx, passwords.migrate(project(ctx), body(ctx, MigrateRequest.class))));
        routes.post("/v1/b2b/passwords/authenticate", ctx -> {
            AuthenticateRequest r = body(ctx, AuthenticateRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attemptLockingCredential(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.email(
                                    passwords.attemptOrganization(project(ctx), r.organizationId()), r.emailAddress()),
                            () -> passwords.authenticate(project(ctx), r)));
        });
        routes.post("/v1/b2b/passwords/existing_password/reset", ctx -> {
            ExistingPasswordResetRequest r = body(ctx, ExistingPasswordResetRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attemptLockingCredential(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.email(
                                    passwords.attemptOrganization(project(ctx), r.organizationId()), r.emailAddress()),
                            () -> passwords.resetExisting(project(ctx), r)));
        });
        routes.post("/v1/b2b/passwords/session/reset", ctx -> {
            SessionResetRequest r = body(ctx, SessionResetRequest.class);
            Credential credential = r.sessionToken() != null
                    ? Credential.token(r.sessionToken())
                    : Credential.sessionJwt(r.sessionJwt());
            ApiResponses.ok(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            credential,
                            () -> passwords.resetFromSession(project(ctx), r)));
        });
        routes.post(
                "/v1/b2b/passwords/email/reset/start",
                ctx -> ApiResponses.ok(ctx, passwords.resetStart(project(ctx), body(ctx, ResetStartRequest.class))));
        routes.post("/v1/b2b/passwords/email/reset", ctx -> {
            ResetRequest r = body(ctx, ResetRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(r.passwordResetToken()),
                            () -> passwords.reset(project(ctx), r)));
        });
        routes.delete("/v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}", ctx -> {
            String organizationRef = ctx.pathParam("organization_id");
            String passwordId = ctx.pathParam("member_password_id");
            MemberCredential as = MemberCredential.of(ctx);
            if (as.present()) {
                asMember.deletePassword(
                        project(ctx),
                        as,
                        organizationRef,
                        passwords.passwordOwner(project(ctx), organizationRef, passwordId));
            }
            ApiResponses.ok(ctx, passwords.deletePassword(project(ctx), organizationRef, passwordId));
        });
        routes.post("/v1/b2b/passwords/discovery/authenticate", ctx -> {
            DiscoveryAuthenticateRequest r = body(ctx, DiscoveryAuthenticateRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attemptLockingCredential(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.discoveryEmail(r.emailAddress()),
                            () -> passwords.discoveryAuthenticate(project(ctx), r)));
        });
        routes.post(
                "/v1/b2b/passwords/discovery/email/reset/start",
                ctx -> ApiResponses.ok(
                        ctx, passwords.discoveryResetStart(project(ctx), body(ctx, DiscoveryResetStartRequest.class))));
        routes.post("/v1/b2b/passwords/discovery/email/reset", ctx -> {
            DiscoveryResetRequest r = body(ctx, DiscoveryResetRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(r.passwordResetToken()),
                            () -> passwords.discoveryReset(project(ctx), r)));
        });
        routes.post("/v1/b2b/passwords/email/require_reset", ctx -> {
            RequireResetRequest r = body(ctx, RequireResetRequest.class);
            asMember.requirePasswordReset(
                    project(ctx), MemberCredential.of(ctx), r.organizationId(), r.memberId(), r.emailAddress());
            ApiResponses.ok(ctx, passwords.requireReset(project(ctx), r));
        });
    }
}
