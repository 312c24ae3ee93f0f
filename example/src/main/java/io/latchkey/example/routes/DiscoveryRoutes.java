package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkRequest;
import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkResponse;
import io.latchkey.api.discovery.DiscoveredOrganization;
import io.latchkey.api.discovery.ExchangeIntermediateSessionRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsResponse;
import io.latchkey.api.discovery.Membership;
import io.latchkey.api.session.ExchangeResponse;
import io.latchkey.example.store.UserStore;
import io.latchkey.example.view.DiscoveryView;
import io.latchkey.example.view.DiscoveryView.DiscoveryChoice;
import io.latchkey.example.view.Problem;
import io.latchkey.example.web.CsrfTokens;
import io.latchkey.example.web.ErrorHandler;
import io.latchkey.example.web.Input;
import io.latchkey.example.web.LoginBinding;
import io.latchkey.example.web.Pages;
import io.latchkey.example.web.PendingCookies;
import io.latchkey.example.web.UserError;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.LatchkeyApiException;
import java.util.List;

/**
 * Where discovery links land ({@code GET /discovery?token=...}): the link becomes an
 * intermediate session bound to the email, kept in a cookie, and the address is redirected to
 * plain {@code /discovery} so the token leaves the address bar at once. That page lists the
 * organizations; {@code POST /discovery/choose} enters one (or goes on to MFA when it wants it).
 */
public final class DiscoveryRoutes {
    private static final int MAX_ID = 128;

    private final B2BClient client;
    private final CsrfTokens csrf;
    private final Pages pages;
    private final SignIn signIn;

    public DiscoveryRoutes(B2BClient client, UserStore users, CsrfTokens csrf, Pages pages) {
        this.client = client;
        this.csrf = csrf;
        this.pages = pages;
        this.signIn = new SignIn(users);
    }

    public void register(RoutesConfig routes) {
        routes.get("/discovery", this::land);
        routes.post("/discovery/choose", this::choose);
    }

    private void land(Context ctx) {
        String token = ctx.queryParam("token");
        if (token != null && !token.isBlank()) {
            AuthenticateDiscoveryMagicLinkResponse r = client.magicLinks()
                    .authenticateDiscovery(
                            new AuthenticateDiscoveryMagicLinkRequest(token, LoginBinding.verifier(ctx)));
            PendingCookies.setDiscovery(ctx, r.intermediateSessionToken());
            ctx.redirect("/discovery", HttpStatus.FOUND);
            return;
        }
        String ist = PendingCookies.discovery(ctx);
        if (ist == null) {
            ctx.redirect("/", HttpStatus.FOUND);
            return;
        }
        render(ctx, 200, ist, null);
    }

    private void choose(Context ctx) {
        String ist = PendingCookies.discovery(ctx);
        if (ist == null) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        csrf.verifyIntermediate(ist, ctx.formParam(CsrfTokens.FIELD));
        try {
            String organizationId = Input.of(ctx).required("organization_id", "Organization", MAX_ID);
            ExchangeResponse r = client.discovery()
                    .exchangeIntermediateSession(new ExchangeIntermediateSessionRequest(
                            ist, organizationId, AuthenticateRoute.SESSION_DURATION_MINUTES, null, null, null));
            // The discovery session was consumed either way.
            PendingCookies.clearDiscovery(ctx);
            if (r.memberAuthenticated()) {
                signIn.complete(ctx, r.member(), r.sessionToken(), r.sessionJwt());
            } else if (r.mfaRequired() != null) {
                signIn.needsMfa(ctx, r.organization().organizationId(), r.memberId(), r.intermediateSessionToken());
            } else {
                // The organization wants a login method this example does not offer (SSO, say).
                throw UserError.badRequest(
                        "primary_auth_required",
                        r.organization().organizationName() + " requires another way to sign in than an email link.");
            }
        } catch (UserError e) {
            render(ctx, e.status(), ist, new Problem(e.title(), e.errorType(), e.getMessage(), null));
        } catch (LatchkeyApiException e) {
            if (e.statusCode() >= 500) {
                throw e;
            }
            render(ctx, ErrorHandler.statusFor(e), ist, ErrorHandler.problem(e));
        }
    }

    private void render(Context ctx, int status, String ist, Problem problem) {
        ListDiscoveredOrganizationsResponse r;
        try {
            r = client.discovery().listOrganizations(new ListDiscoveredOrganizationsRequest(ist, null, null));
        } catch (LatchkeyApiException e) {
            // Expired or used up: the cookie is of no more use; the error page says why.
            PendingCookies.clearDiscovery(ctx);
            throw e;
        }
        List<DiscoveryChoice> choices = r.discoveredOrganizations().stream()
                .filter(d -> d.organization() != null)
                .map(DiscoveryRoutes::choice)
                .toList();
        pages.render(
                ctx,
                status,
                "discovery",
                new DiscoveryView(r.emailAddress(), choices, csrf.tokenForIntermediate(ist), problem));
    }

    private static DiscoveryChoice choice(DiscoveredOrganization d) {
        String type = d.membership() == null ? "" : d.membership().type();
        String label = switch (type) {
            case Membership.ACTIVE_MEMBER -> "Member";
            case Membership.PENDING_MEMBER -> "Signed up, not yet signed in";
            case Membership.INVITED_MEMBER -> "Invited";
            case Membership.ELIGIBLE_TO_JOIN_BY_EMAIL_DOMAIN -> "Can join with your email domain";
            default -> type;
        };
        if (d.mfaRequired() != null) {
            label += " · MFA required";
        }
        return new DiscoveryChoice(
                d.organization().organizationId(), d.organization().organizationName(), label);
    }
}
