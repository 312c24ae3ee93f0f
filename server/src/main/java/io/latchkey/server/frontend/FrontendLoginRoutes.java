package io.latchkey.server.frontend;

import static io.latchkey.server.frontend.FrontendRoutes.sessionToken;
import static io.latchkey.server.frontend.FrontendRoutes.settings;
import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;

import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkRequest;
import io.latchkey.api.discovery.SendDiscoveryEmailRequest;
import io.latchkey.api.otp.EmailOtpLoginOrSignupRequest;
import io.latchkey.server.frontend.FrontendBodies.DiscoveryCreate;
import io.latchkey.server.frontend.FrontendBodies.DiscoveryExchange;
import io.latchkey.server.frontend.FrontendBodies.DiscoveryList;
import io.latchkey.server.frontend.FrontendBodies.EmailOtpAuthenticate;
import io.latchkey.server.frontend.FrontendBodies.Invite;
import io.latchkey.server.frontend.FrontendBodies.SessionExchange;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;

/**
 * {@code /sdk/v1}: magic-link invites, discovery, the exchanges and email OTP. Calls that check a
 * token or code count failures per client address and per token (or address) as the backend
 * routes do; calls that send mail count against the client address's sends.
 */
public final class FrontendLoginRoutes implements FrontendRouteGroup {
    private final FrontendLoginService logins;
    private final RateLimitService rateLimits;

    public FrontendLoginRoutes(FrontendLoginService logins, RateLimitService rateLimits) {
        this.logins = logins;
        this.rateLimits = rateLimits;
    }

    @Override
    public void register(Serve routes) {
        routes.serve("POST", "/b2b/magic_links/email/invite", ctx -> {
            Invite r = body(ctx, Invite.class);
            rateLimits.countBrowserSend(project(ctx), clientAddress(ctx));
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(sessionToken(ctx)),
                            () -> logins.invite(project(ctx), sessionToken(ctx), r)));
        });
        routes.serve("POST", "/b2b/magic_links/email/discovery/send", ctx -> {
            SendDiscoveryEmailRequest r = body(ctx, SendDiscoveryEmailRequest.class);
            rateLimits.countBrowserSend(project(ctx), clientAddress(ctx));
            ApiResponses.okData(ctx, logins.sendDiscovery(project(ctx), settings(ctx), r));
        });
        routes.serve("POST", "/b2b/magic_links/discovery/authenticate", ctx -> {
            AuthenticateDiscoveryMagicLinkRequest r = body(ctx, AuthenticateDiscoveryMagicLinkRequest.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(r.discoveryMagicLinksToken()),
                            () -> logins.authenticateDiscovery(project(ctx), settings(ctx), r)));
        });
        routes.serve("POST", "/b2b/discovery/organizations", ctx -> {
            DiscoveryList r = body(ctx, DiscoveryList.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(
                                    r.intermediateSessionToken() != null
                                            ? r.intermediateSessionToken()
                                            : sessionToken(ctx)),
                            () -> logins.listOrganizations(project(ctx), sessionToken(ctx), r)));
        });
        routes.serve("POST", "/b2b/discovery/organizations/create", ctx -> {
            DiscoveryCreate r = body(ctx, DiscoveryCreate.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(r.intermediateSessionToken()),
                            () -> logins.createOrganization(project(ctx), settings(ctx), r)));
        });
        routes.serve("POST", "/b2b/discovery/intermediate_sessions/exchange", ctx -> {
            DiscoveryExchange r = body(ctx, DiscoveryExchange.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(r.intermediateSessionToken()),
                            () -> logins.exchangeIntermediateSession(project(ctx), r)));
        });
        routes.serve("POST", "/b2b/sessions/exchange", ctx -> {
            SessionExchange r = body(ctx, SessionExchange.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(sessionToken(ctx)),
                            () -> logins.exchangeSession(project(ctx), sessionToken(ctx), r)));
        });
        routes.serve("POST", "/b2b/otps/email/login_or_signup", ctx -> {
            EmailOtpLoginOrSignupRequest r = body(ctx, EmailOtpLoginOrSignupRequest.class);
            rateLimits.countBrowserSend(project(ctx), clientAddress(ctx));
            ApiResponses.okData(ctx, logins.emailOtpLoginOrSignup(project(ctx), r));
        });
        routes.serve("POST", "/b2b/otps/email/authenticate", ctx -> {
            EmailOtpAuthenticate r = body(ctx, EmailOtpAuthenticate.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.email(r.organizationId(), r.emailAddress()),
                            () -> logins.emailOtpAuthenticate(project(ctx), r)));
        });
    }
}
