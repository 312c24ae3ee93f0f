package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.latchkey.api.discovery.SendDiscoveryEmailRequest;
import io.latchkey.api.organization.Organization;
import io.latchkey.example.view.CheckEmailView;
import io.latchkey.example.view.LoginView;
import io.latchkey.example.view.OrganizationChoice;
import io.latchkey.example.view.Problem;
import io.latchkey.example.web.AppUrls;
import io.latchkey.example.web.ErrorHandler;
import io.latchkey.example.web.Input;
import io.latchkey.example.web.LoginBinding;
import io.latchkey.example.web.Pages;
import io.latchkey.example.web.UserError;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.LatchkeyApiException;
import io.latchkey.sdk.LatchkeyException;
import io.latchkey.sdk.request.Requests;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Starting a login: the form ({@code GET /}), the guide's {@code POST /login-or-signup}, and
 * {@code POST /organizations} so that a fresh start-dev project can be tried at once (it creates
 * an organization, its creator as admin, and mails the creator a login link).
 */
public final class LoginRoutes {
    private static final int MAX_EMAIL = 254;
    private static final int MAX_SLUG = 128;
    private static final int MAX_NAME = 128;
    private static final int HELPER_LIST_SIZE = 20;

    private final B2BClient client;
    private final Pages pages;
    private final AppUrls urls;
    private final String latchkeyUrl;
    private final boolean ssoOffered;

    /** @param ssoOffered whether the app can start SSO logins (it has the project's public token) */
    public LoginRoutes(B2BClient client, Pages pages, AppUrls urls, String latchkeyUrl, boolean ssoOffered) {
        this.client = client;
        this.pages = pages;
        this.urls = urls;
        this.latchkeyUrl = latchkeyUrl;
        this.ssoOffered = ssoOffered;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> pages.render(ctx, "login", loginView("", "", null, null)));
        routes.post("/login-or-signup", this::loginOrSignup);
        routes.post("/organizations", this::createOrganization);
        routes.post("/discovery/send", this::sendDiscoveryLink);
    }

    /**
     * "Don't know your organization?": a link that proves the email only; the organizations it can
     * go to are listed where it lands ({@code GET /discovery}).
     */
    private void sendDiscoveryLink(Context ctx) {
        String email = Input.of(ctx).optional("email", "Email", MAX_EMAIL);
        try {
            email = require(email, "Email");
            client.magicLinks()
                    .email()
                    .discoverySend(new SendDiscoveryEmailRequest(
                            email, urls.discovery(), LoginBinding.challenge(ctx), null, null, null));
            pages.render(ctx, "check-email", new CheckEmailView(email, "your organizations", mailboxUrl()));
        } catch (UserError e) {
            renderProblem(ctx, e.status(), email, "", new Problem(e.title(), e.errorType(), e.getMessage(), null));
        } catch (LatchkeyApiException e) {
            if (e.statusCode() >= 500) {
                throw e;
            }
            renderProblem(ctx, 400, email, "", ErrorHandler.problem(e));
        }
    }

    private void loginOrSignup(Context ctx) {
        Input in = Input.of(ctx);
        String email = in.optional("email", "Email", MAX_EMAIL);
        String slug = in.optional("organization_slug", "Organization", MAX_SLUG);
        try {
            email = require(email, "Email");
            slug = require(slug, "Organization");
            // The form asks for the slug people know; the API call takes the organization's id.
            Organization org = client.organizations().get(slug).organization();
            client.magicLinks()
                    .email()
                    .loginOrSignup(Requests.loginOrSignup(org.organizationId(), email)
                            .loginRedirectUrl(urls.authenticate())
                            .signupRedirectUrl(urls.authenticate())
                            .pkceCodeChallenge(LoginBinding.challenge(ctx))
                            .build());
            pages.render(ctx, "check-email", new CheckEmailView(email, org.organizationName(), mailboxUrl()));
        } catch (UserError e) {
            renderProblem(ctx, e.status(), email, slug, new Problem(e.title(), e.errorType(), e.getMessage(), null));
        } catch (LatchkeyApiException e) {
            if (e.statusCode() >= 500) {
                throw e;
            }
            // The guide answers 400 "Authentication failed"; we say what failed, on the same form.
            renderProblem(ctx, 400, email, slug, ErrorHandler.problem(e));
        }
    }

    private void createOrganization(Context ctx) {
        Input in = Input.of(ctx);
        String email = in.optional("email", "Your email", MAX_EMAIL);
        String slug = in.optional("organization_slug", "Organization slug", MAX_SLUG);
        try {
            String name = in.required("organization_name", "Organization name", MAX_NAME);
            email = require(email, "Your email");
            slug = require(slug, "Organization slug");
            int at = email.lastIndexOf('@');
            if (at < 1 || at == email.length() - 1) {
                throw UserError.badRequest("invalid_email", "Enter an email address like ada@acme.com.");
            }
            String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
            // Colleagues with an address at the same domain may then sign themselves up (JIT).
            Organization org = client.organizations()
                    .create(Requests.createOrganization(name)
                            .organizationSlug(slug)
                            .emailAllowedDomains(domain)
                            .emailJitProvisioning("RESTRICTED")
                            .emailInvites("ALL_ALLOWED")
                            .build())
                    .organization();
            client.organizations()
                    .members()
                    .create(
                            org.organizationId(),
                            Requests.createMember(email).roles(Views.ADMIN_ROLE).build());
            client.magicLinks()
                    .email()
                    .loginOrSignup(Requests.loginOrSignup(org.organizationId(), email)
                            .loginRedirectUrl(urls.authenticate())
                            .signupRedirectUrl(urls.authenticate())
                            .pkceCodeChallenge(LoginBinding.challenge(ctx))
                            .build());
            pages.render(ctx, "check-email", new CheckEmailView(email, org.organizationName(), mailboxUrl()));
        } catch (UserError e) {
            renderProblem(ctx, e.status(), email, slug, new Problem(e.title(), e.errorType(), e.getMessage(), null));
        } catch (LatchkeyApiException e) {
            if (e.statusCode() >= 500) {
                throw e;
            }
            renderProblem(ctx, 400, email, slug, ErrorHandler.problem(e));
        }
    }

    private void renderProblem(Context ctx, int status, String email, String slug, Problem problem) {
        pages.render(ctx, status, "login", loginView(nonNull(email), nonNull(slug), problem, null));
    }

    private LoginView loginView(String email, String slug, Problem problem, String notice) {
        List<OrganizationChoice> choices;
        boolean unavailable = false;
        try {
            // A development helper: a production app would not list its tenants to anonymous visitors.
            choices = client
                    .organizations()
                    .search(Requests.searchOrganizations()
                            .limit(HELPER_LIST_SIZE)
                            .build())
                    .organizations()
                    .stream()
                    .map(o -> new OrganizationChoice(
                            o.organizationName(),
                            o.organizationSlug(),
                            String.join(", ", o.emailAllowedDomains()),
                            ssoOffered ? ssoConnection(o) : null))
                    .toList();
        } catch (LatchkeyException e) {
            choices = List.of();
            unavailable = true;
        }
        return new LoginView(choices, unavailable, email, slug, problem, notice);
    }

    /** The organization's default SSO connection when it is active, else its first active one, else null. */
    private static String ssoConnection(Organization o) {
        List<String> active = o.ssoActiveConnections() == null
                ? List.of()
                : o.ssoActiveConnections().stream().map(c -> c.connectionId()).toList();
        if (active.contains(o.ssoDefaultConnectionId())) {
            return o.ssoDefaultConnectionId();
        }
        return active.isEmpty() ? null : active.get(0);
    }

    /** Latchkey's dev mailbox, when Latchkey runs on this machine (start-dev keeps mail there). */
    private String mailboxUrl() {
        return mailboxUrlFor(latchkeyUrl);
    }

    /** Latchkey's dev mailbox at {@code latchkeyUrl}, or null when Latchkey is not on this machine. */
    public static String mailboxUrlFor(String latchkeyUrl) {
        String host = URI.create(latchkeyUrl).getHost();
        boolean local = "127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host);
        return local ? latchkeyUrl + "/dev/mailbox" : null;
    }

    private static String require(String value, String label) {
        if (value == null || value.isEmpty()) {
            throw UserError.badRequest("missing_field", label + " is required.");
        }
        return value;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
