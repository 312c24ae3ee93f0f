package io.latchkey.server.frontend;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.latchkey.api.magiclink.LoginOrSignupRequest;
import io.latchkey.api.organization.DeleteOrganizationResponse;
import io.latchkey.api.organization.OrganizationResponse;
import io.latchkey.api.organization.UpdateOrganizationRequest;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.http.ApiRequests;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.project.FrontendSettings;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Stytch's frontend SDK ({@code @stytch/vanilla-js}, B2B headless) under {@code /sdk/v1}: every
 * request carries {@code Authorization: Basic public_token:(session_token or public_token)}, is
 * answered only for the project's authorized origins ({@code Origin} and {@code
 * X-SDK-Parent-Host}), with CORS and credentials for exactly that origin, and a 2xx body inside
 * {@code {"data": ...}}.
 */
public final class FrontendRoutes implements RouteGroup {
    static final String BASE = "/sdk/v1";
    private static final String SETTINGS = "latchkey.frontend_settings";
    private static final String SESSION = "latchkey.frontend_session";
    private static final String PARENT_HOST = "X-SDK-Parent-Host";

    private final ProjectService projects;
    private final FrontendService frontend;
    private final RateLimitService rateLimits;
    private final List<FrontendRouteGroup> more;

    /** {@code more}: the groups of further /sdk/v1 calls, admitted by the same filter. */
    public FrontendRoutes(
            ProjectService projects,
            FrontendService frontend,
            RateLimitService rateLimits,
            List<FrontendRouteGroup> more) {
        this.projects = projects;
        this.frontend = frontend;
        this.rateLimits = rateLimits;
        this.more = List.copyOf(more);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before(BASE + "/*", this::admit);
        serve(routes, "GET", BASE + "/projects/bootstrap/{public_token}", ctx -> {
            // The path names the same project as the header; anything else is a mix-up or a probe.
            if (!Tokens.constantTimeEquals(ctx.pathParam("public_token"), publicTokenOf(ctx))) {
                throw new ApiException(
                        ErrorType.UNAUTHORIZED_CREDENTIALS,
                        "The public token in the path is not the one in the Authorization header.");
            }
            ApiResponses.okData(ctx, frontend.bootstrap(project(ctx), settings(ctx)));
        });
        // Telemetry: accepted so the SDK stays quiet, kept nowhere.
        serve(routes, "POST", BASE + "/events", ctx -> ApiResponses.okData(ctx, Map.of()));
        serve(routes, "POST", BASE + "/b2b/sessions/authenticate", ctx -> {
            SessionRefresh r = body(ctx, SessionRefresh.class);
            ApiResponses.okData(ctx, session(ctx, r.sessionDurationMinutes()));
        });
        serve(
                routes,
                "POST",
                BASE + "/b2b/sessions/revoke",
                ctx -> ApiResponses.okData(
                        ctx,
                        rateLimits.attempt(
                                project(ctx),
                                clientAddress(ctx),
                                Credential.token(sessionToken(ctx)),
                                () -> frontend.revoke(project(ctx), sessionToken(ctx)))));
        serve(
                routes,
                "GET",
                BASE + "/b2b/organizations/members/me",
                ctx -> ApiResponses.okData(
                        ctx, Map.of("member", session(ctx, null).member())));
        serve(routes, "PUT", BASE + "/b2b/organizations/members/update", ctx -> {
            SelfUpdate r = body(ctx, SelfUpdate.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(sessionToken(ctx)),
                            () -> frontend.updateSelf(project(ctx), settings(ctx), sessionToken(ctx), r)));
        });
        serve(
                routes,
                "GET",
                BASE + "/b2b/organizations/me",
                ctx -> ApiResponses.okData(
                        ctx, Map.of("organization", session(ctx, null).organization())));
        serve(routes, "PUT", BASE + "/b2b/organizations/me", ctx -> {
            UpdateOrganizationRequest r = body(ctx, UpdateOrganizationRequest.class);
            ApiResponses.okData(
                    ctx,
                    new OrganizationResponse(rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(sessionToken(ctx)),
                            () -> frontend.updateOrganization(project(ctx), sessionToken(ctx), r))));
        });
        serve(
                routes,
                "DELETE",
                BASE + "/b2b/organizations/me",
                ctx -> ApiResponses.okData(
                        ctx,
                        new DeleteOrganizationResponse(rateLimits.attempt(
                                project(ctx),
                                clientAddress(ctx),
                                Credential.token(sessionToken(ctx)),
                                () -> frontend.deleteOrganization(project(ctx), sessionToken(ctx))))));
        serve(routes, "POST", BASE + "/b2b/magic_links/email/login_or_signup", ctx -> {
            LoginOrSignupRequest r = body(ctx, LoginOrSignupRequest.class);
            rateLimits.countBrowserSend(project(ctx), clientAddress(ctx));
            ApiResponses.okData(ctx, frontend.loginOrSignup(project(ctx), settings(ctx), r));
        });
        serve(routes, "POST", BASE + "/b2b/magic_links/authenticate", ctx -> {
            MagicLinkAuthenticate r = body(ctx, MagicLinkAuthenticate.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(r.magicLinksToken()),
                            () -> frontend.authenticateMagicLink(project(ctx), settings(ctx), r)));
        });
        for (FrontendRouteGroup group : more) {
            group.register((method, path, handler) -> serve(routes, method, BASE + path, handler));
        }
    }

    /** A served route, so the filter can leave what no route serves to the router's 404 and 405. */
    private record Served(String method, Pattern path) {}

    private final List<Served> served = new ArrayList<>();

    private void serve(RoutesConfig routes, String method, String path, Handler handler) {
        served.add(new Served(method, Pattern.compile(path.replaceAll("\\{[a-z_]+}", "[^/]+"))));
        switch (method) {
            case "GET" -> routes.get(path, handler);
            case "POST" -> routes.post(path, handler);
            case "PUT" -> routes.put(path, handler);
            case "DELETE" -> routes.delete(path, handler);
            default -> throw new IllegalArgumentException(method);
        }
    }

    private boolean isServed(Context ctx) {
        String method = ctx.req().getMethod();
        return served.stream()
                .anyMatch(s -> s.method().equals(method)
                        && s.path().matcher(ctx.path()).matches());
    }

    private AuthenticateSessionResponse session(Context ctx, Integer durationMinutes) {
        String token = sessionToken(ctx);
        return rateLimits.attemptOnHotPath(
                project(ctx),
                clientAddress(ctx),
                token == null ? Credential.NONE : Credential.token(token),
                () -> frontend.session(project(ctx), token, durationMinutes));
    }

    /**
     * Preflights are answered by origin alone (they carry no credentials); every other request
     * names its project by the public token and must come from one of that project's origins.
     */
    private void admit(Context ctx) {
        String origin = ctx.header("Origin");
        if ("OPTIONS".equals(ctx.req().getMethod()) && ctx.header("Access-Control-Request-Method") != null) {
            if (origin == null || !projects.isAuthorizedOriginOfAnyProject(origin)) {
                throw notAuthorizedOrigin();
            }
            allowOrigin(ctx, origin);
            ctx.header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
            ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-SDK-Client, X-SDK-Parent-Host");
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            ctx.skipRemainingHandlers();
            return;
        }
        if (!isServed(ctx)) {
            // Another method on a served path, or no such path: the router's 405 or 404.
            return;
        }
        String[] credentials = basic(ctx.header("Authorization"));
        Project project = credentials == null
                ? null
                : projects.byPublicToken(credentials[0]).orElse(null);
        if (project == null) {
            throw new ApiException(
                    ErrorType.UNAUTHORIZED_CREDENTIALS,
                    "The Authorization header must be Basic public_token:session_token (or public_token:public_token)"
                            + " with a public token of a project.");
        }
        FrontendSettings settings = projects.frontendSettings(project.projectId());
        String parentHost = ctx.header(PARENT_HOST);
        // A browser always sends Origin on these cross-origin calls and the SDK always sends its
        // page's origin; neither may name an origin the project has not authorized.
        if (origin == null && parentHost == null
                || origin != null && !settings.allowsOrigin(origin)
                || parentHost != null && !settings.allowsOrigin(parentHost)) {
            throw notAuthorizedOrigin();
        }
        if (origin != null) {
            allowOrigin(ctx, origin);
        }
        ApiRequests.attachProject(ctx, project);
        ctx.attribute(SETTINGS, settings);
        String second = credentials[1];
        ctx.attribute(SESSION, second.isEmpty() || second.equals(credentials[0]) ? null : second);
        ctx.attribute("latchkey.frontend_public_token", credentials[0]);
    }

    private static void allowOrigin(Context ctx, String origin) {
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Access-Control-Allow-Credentials", "true");
        ctx.header("Vary", "Origin");
    }

    private static ApiException notAuthorizedOrigin() {
        return new ApiException(
                ErrorType.BAD_DOMAIN_FOR_STYTCH_SDK,
                "This origin is not an authorized origin of the project for the frontend SDK"
                        + " (latchkey project frontend add-origin PROJECT_ID ORIGIN).");
    }

    /** {@code [public_token, second]} from Basic credentials, or null when they are not that. */
    private static String[] basic(String header) {
        if (header == null
                || header.length() < 7
                || header.length() > 4096
                || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon > 200) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** The project's frontend settings, read once by the filter. */
    static FrontendSettings settings(Context ctx) {
        return ctx.attribute(SETTINGS);
    }

    /** The session token of the Authorization header; null when it carries the public token twice. */
    static String sessionToken(Context ctx) {
        return ctx.attribute(SESSION);
    }

    private static String publicTokenOf(Context ctx) {
        return ctx.attribute("latchkey.frontend_public_token");
    }
}
