package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.password.PasswordLoginResponse;
import io.latchkey.api.password.ResetRequest;
import io.latchkey.api.password.ResetStartRequest;
import io.latchkey.example.store.UserStore;
import io.latchkey.example.view.CheckEmailView;
import io.latchkey.example.view.PasswordView;
import io.latchkey.example.view.Problem;
import io.latchkey.example.view.ResetPasswordView;
import io.latchkey.example.web.AppUrls;
import io.latchkey.example.web.AuthFilter;
import io.latchkey.example.web.CsrfTokens;
import io.latchkey.example.web.CurrentSession;
import io.latchkey.example.web.ErrorHandler;
import io.latchkey.example.web.Input;
import io.latchkey.example.web.LoginBinding;
import io.latchkey.example.web.Pages;
import io.latchkey.example.web.SessionCookies;
import io.latchkey.example.web.UserError;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.LatchkeyApiException;
import io.latchkey.sdk.request.Requests;

/**
 * Passwords, beside the emailed links: signing in with one ({@code GET /password}, {@code POST
 * /password/login}), "forgot your password?" ({@code POST /password/forgot} mails a reset link
 * that lands on {@code GET /reset-password}, whose form sets the new password and signs in), and
 * changing it from the dashboard ({@code POST /account/password}, for the member of the current session).
 * Reset links are bound to the browser that asked for them, with PKCE, like sign-in links.
 */
public final class PasswordRoutes {
    private static final String RESET_TOKEN_TYPE = "multi_tenant_passwords";
    private static final int MAX_EMAIL = 254;
    private static final int MAX_SLUG = 128;
    /** Latchkey refuses longer passwords; the form says so before it is asked. */
    private static final int MAX_PASSWORD = 256;

    private final B2BClient client;
    private final Pages pages;
    private final AppUrls urls;
    private final CsrfTokens csrf;
    private final SignIn signIn;
    private final String mailboxUrl;

    public PasswordRoutes(
            B2BClient client, UserStore users, Pages pages, AppUrls urls, CsrfTokens csrf, String mailboxUrl) {
        this.client = client;
        this.pages = pages;
        this.urls = urls;
        this.csrf = csrf;
        this.signIn = new SignIn(users);
        this.mailboxUrl = mailboxUrl;
    }

    public void register(RoutesConfig routes) {
        routes.get("/password", ctx -> pages.render(ctx, "password", new PasswordView("", "", null)));
        routes.post("/password/login", this::login);
        routes.post("/password/forgot", this::forgot);
        routes.get("/reset-password", this::resetPage);
        routes.post("/reset-password", this::reset);
        routes.post("/account/password", this::change);
    }

    private void login(Context ctx) {
        Input in = Input.of(ctx);
        String email = nonNull(in.optional("email", "Email", MAX_EMAIL));
        String slug = nonNull(in.optional("organization_slug", "Organization", MAX_SLUG));
        try {
            String password = in.required("password", "Password", MAX_PASSWORD);
            Organization org = organization(email, slug);
            PasswordLoginResponse r = client.passwords()
                    .authenticate(Requests.passwordAuthenticate(org.organizationId(), email, password));
            finish(ctx, r);
        } catch (UserError e) {
            problem(ctx, e.status(), email, slug, new Problem(e.title(), e.errorType(), e.getMessage(), null));
        } catch (LatchkeyApiException e) {
            if (e.statusCode() >= 500) {
                throw e;
            }
            problem(ctx, ErrorHandler.statusFor(e), email, slug, ErrorHandler.problem(e));
        }
    }

    private void forgot(Context ctx) {
        Input in = Input.of(ctx);
        String email = nonNull(in.optional("email", "Email", MAX_EMAIL));
        String slug = nonNull(in.optional("organization_slug", "Organization", MAX_SLUG));
        try {
            Organization org = organization(email, slug);
            client.passwords()
                    .email()
                    .resetStart(new ResetStartRequest(
                            org.organizationId(),
                            email,
                            urls.base() + "/reset-password",
                            null,
                            LoginBinding.challenge(ctx),
                            urls.authenticate(),
                            null,
                            null,
                            null));
            pages.render(
                    ctx,
                    "check-email",
                    new CheckEmailView(email, org.organizationName(), mailboxUrl, "password reset link"));
        } catch (UserError e) {
            problem(ctx, e.status(), email, slug, new Problem(e.title(), e.errorType(), e.getMessage(), null));
        } catch (LatchkeyApiException e) {
            if (e.statusCode() >= 500) {
                throw e;
            }
            problem(ctx, ErrorHandler.statusFor(e), email, slug, ErrorHandler.problem(e));
        }
    }

    /** Where the emailed link lands: the token stays in the page's form, never in a cookie or a log line. */
    private void resetPage(Context ctx) {
        String token = ctx.queryParam("token");
        String type = ctx.queryParam("stytch_token_type");
        if (token == null || token.isBlank() || token.length() > 200) {
            throw UserError.badRequest("missing_token", "This link has no token. Open the link from your email again.");
        }
        if (type != null && !type.equals(RESET_TOKEN_TYPE)) {
            throw UserError.badRequest("unsupported_token_type", "This is not a password reset link.");
        }
        pages.render(ctx, "reset-password", new ResetPasswordView(token, null));
    }

    private void reset(Context ctx) {
        Input in = Input.of(ctx);
        String token = in.required("token", "Reset link", 200);
        String password = in.required("password", "New password", MAX_PASSWORD);
        try {
            PasswordLoginResponse r = client.passwords()
                    .email()
                    .reset(new ResetRequest(
                            token,
                            password,
                            null,
                            AuthenticateRoute.SESSION_DURATION_MINUTES,
                            null,
                            // The link must have been asked for in this browser (see LoginBinding).
                            LoginBinding.verifier(ctx),
                            null,
                            null,
                            null,
                            null));
            finish(ctx, r);
        } catch (LatchkeyApiException e) {
            if (!"weak_password".equals(e.errorType())) {
                throw e;
            }
            // A weak password does not spend the link: the same form again, saying why.
            pages.render(ctx, 400, "reset-password", new ResetPasswordView(token, ErrorHandler.problem(e)));
        }
    }

    /** The dashboard's "change password": Latchkey checks the session and sets the password. */
    private void change(Context ctx) {
        CurrentSession session = AuthFilter.current(ctx);
        Input in = Input.of(ctx);
        csrf.verify(
                session.memberSession().memberSessionId(),
                CsrfTokens.presented(ctx, in.optional(CsrfTokens.FIELD, "CSRF token", 200)));
        String password = in.required("new_password", "New password", MAX_PASSWORD);
        try {
            PasswordLoginResponse r = client.passwords()
                    .resetWithSession(Requests.passwordSessionReset(
                            session.organizationId(), SessionCookies.session(ctx), password));
            SessionCookies.set(ctx, r.sessionToken(), r.sessionJwt());
            ctx.redirect("/dashboard?saved=password", HttpStatus.SEE_OTHER);
        } catch (LatchkeyApiException e) {
            if (!"weak_password".equals(e.errorType())) {
                throw e;
            }
            ctx.redirect("/dashboard?refused=weak_password", HttpStatus.SEE_OTHER);
        }
    }

    private void finish(Context ctx, PasswordLoginResponse r) {
        if (!r.memberAuthenticated()) {
            signIn.needsMfa(ctx, r.organizationId(), r.memberId(), r.intermediateSessionToken());
            return;
        }
        signIn.complete(ctx, r.member(), r.sessionToken(), r.sessionJwt());
    }

    private Organization organization(String email, String slug) {
        if (email.isEmpty()) {
            throw UserError.badRequest("missing_field", "Email is required.");
        }
        if (slug.isEmpty()) {
            throw UserError.badRequest("missing_field", "Organization is required.");
        }
        // The form asks for the slug people know; the API calls take the organization's id.
        return client.organizations().get(slug).organization();
    }

    private void problem(Context ctx, int status, String email, String slug, Problem problem) {
        pages.render(ctx, status, "password", new PasswordView(email, slug, problem));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
