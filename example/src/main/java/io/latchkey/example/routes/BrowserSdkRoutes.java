package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.latchkey.example.view.BrowserSdkView;
import io.latchkey.example.view.Header;
import io.latchkey.example.web.AppUrls;
import io.latchkey.example.web.AuthFilter;
import io.latchkey.example.web.CsrfTokens;
import io.latchkey.example.web.Pages;
import io.latchkey.example.web.SecurityHeaders;
import io.latchkey.example.web.SessionCookies;
import java.net.URI;

/**
 * Two pages where Stytch's own frontend SDK talks to Latchkey from the browser, as the backend
 * guide's last step ("hydrate the frontend SDK's session") describes:
 *
 * <ul>
 *   <li>{@code /browser}, after a server-side login: the page hands the member's session to the
 *       SDK ({@code session.updateSession}), which then refreshes it, lets the member rename
 *       itself ({@code self.update}) and logs out ({@code session.revoke}). The session cookies
 *       this app sets are HttpOnly, which a script cannot read, so the page gives the SDK the
 *       tokens and the SDK keeps them under cookie names of its own.
 *   <li>{@code /browser-login}: a login done entirely by the SDK (an emailed link, then {@code
 *       magicLinks.authenticate}). The SDK writes the {@code stytch_session} cookies this app
 *       reads, so the app's server sees the session on the next page.
 * </ul>
 *
 * These pages run scripts (ours and the SDK's, both from this app) and call Latchkey, so their
 * Content-Security-Policy allows exactly that and nothing else.
 */
public final class BrowserSdkRoutes {
    private final Pages pages;
    private final AppUrls urls;
    private final CsrfTokens csrf;
    private final String latchkeyUrl;
    private final String publicToken;

    public BrowserSdkRoutes(Pages pages, AppUrls urls, CsrfTokens csrf, String latchkeyUrl, String publicToken) {
        this.pages = pages;
        this.urls = urls;
        this.csrf = csrf;
        this.latchkeyUrl = latchkeyUrl;
        this.publicToken = publicToken;
    }

    public void register(RoutesConfig routes) {
        routes.get("/browser", this::hydrated);
        routes.get("/browser-login", this::browserLogin);
    }

    private void hydrated(Context ctx) {
        var session = AuthFilter.current(ctx).memberSession();
        allowSdk(ctx);
        pages.render(
                ctx,
                "browser",
                new BrowserSdkView(
                        Header.signedIn(null, csrf.tokenFor(session.memberSessionId())),
                        publicToken,
                        latchkeyUrl,
                        SessionCookies.session(ctx),
                        SessionCookies.sessionJwt(ctx),
                        null));
    }

    private void browserLogin(Context ctx) {
        allowSdk(ctx);
        pages.render(
                ctx,
                "browser-login",
                new BrowserSdkView(
                        Header.anonymous(), publicToken, latchkeyUrl, null, null, urls.base() + "/browser-login"));
    }

    /** This app's scripts, and calls to Latchkey's origin only. */
    private void allowSdk(Context ctx) {
        URI u = URI.create(latchkeyUrl);
        String origin = u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        ctx.header("Content-Security-Policy", SecurityHeaders.withScripts(origin));
    }
}
