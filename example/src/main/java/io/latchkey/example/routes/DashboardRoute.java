package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.example.store.UserStore;
import io.latchkey.example.view.DashboardView;
import io.latchkey.example.view.Header;
import io.latchkey.example.web.AuthFilter;
import io.latchkey.example.web.CsrfTokens;
import io.latchkey.example.web.CurrentSession;
import io.latchkey.example.web.Pages;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.LatchkeyException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The guide's protected {@code GET /dashboard}: the member, the organization and the app's own row. */
public final class DashboardRoute {
    // Confirmations by a fixed key, so that no text from the URL is ever echoed into the page.
    private static final Map<String, String> NOTICES = Map.of(
            "profile", "Profile saved in Latchkey and in this app's database.",
            "organization", "Organization settings saved.",
            "password", "Password changed.");
    private static final Map<String, String> REFUSALS = Map.of(
            "weak_password",
            "That password is too weak: use at least 8 characters with three of lower case, upper case,"
                    + " digits and symbols.");

    private final B2BClient client;
    private final UserStore users;
    private final CsrfTokens csrf;
    private final Pages pages;

    public DashboardRoute(B2BClient client, UserStore users, CsrfTokens csrf, Pages pages) {
        this.client = client;
        this.users = users;
        this.csrf = csrf;
        this.pages = pages;
    }

    public void register(RoutesConfig routes) {
        routes.get("/dashboard", this::dashboard);
    }

    private void dashboard(Context ctx) {
        CurrentSession session = AuthFilter.current(ctx);
        Member member;
        Organization organization;
        if (session.remote() != null) {
            member = session.remote().member();
            organization = session.remote().organization();
        } else {
            // Verified locally: the JWT names the member but does not carry the records; fetch both at once.
            CompletableFuture<Member> m = client.organizations()
                    .members()
                    .getAsync(session.organizationId(), session.memberId())
                    .thenApply(r -> r.member());
            CompletableFuture<Organization> o =
                    client.organizations().getAsync(session.organizationId()).thenApply(r -> r.organization());
            member = join(m);
            organization = join(o);
        }
        DashboardView view = new DashboardView(
                Header.signedIn(
                        member.emailAddress(),
                        csrf.tokenFor(session.memberSession().memberSessionId())),
                Views.member(member, Permissions.mayManageSettings(client, member)),
                Views.organization(organization),
                Views.user(users.find(member.memberId()).orElse(null)),
                Views.session(session.memberSession(), session.verifiedLocally()),
                csrf.tokenFor(session.memberSession().memberSessionId()),
                notice(ctx.queryParam("saved")),
                key(REFUSALS, ctx.queryParam("refused")));
        pages.render(ctx, "dashboard", view);
    }

    private static String notice(String key) {
        return key(NOTICES, key);
    }

    private static String key(Map<String, String> texts, String key) {
        return key == null ? null : texts.get(key);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LatchkeyException le) {
                throw le;
            }
            throw e;
        }
    }
}
