package io.latchkey.example.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.Locale;

/**
 * Refuses state-changing requests that a browser says came from another site: the first of two
 * CSRF defences (the second is the per-session token of {@link CsrfTokens}).
 *
 * <p>Browsers send {@code Sec-Fetch-Site} (fetch metadata) on every request to a trustworthy
 * origin (https, or http on localhost); anything but {@code same-origin} (or {@code none}, a
 * request the user started) is refused. Where it is absent (older browsers, plain http to another
 * host) a cross-origin {@code Origin} header is refused. {@code Origin: null} is not refused:
 * our own pages send {@code Referrer-Policy: no-referrer}, and under that policy browsers send
 * {@code Origin: null} on same-origin form posts too. Requests with neither header come from
 * non-browser clients, which cannot ride on a victim's cookies.
 */
public final class CrossSiteGuard {
    private final AppUrls urls;

    /** @param urls where browsers reach the app: also accepted as our own origin */
    public CrossSiteGuard(AppUrls urls) {
        this.urls = urls;
    }

    public void check(Context ctx) {
        HandlerType method = ctx.method();
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw refused();
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null")) {
            String authority = authority(origin);
            String host = ctx.host() == null ? null : ctx.host().toLowerCase(Locale.ROOT);
            if (authority == null || !(authority.equals(host) || authority.equals(authority(urls.base())))) {
                throw refused();
            }
        }
    }

    private static UserError refused() {
        return UserError.forbidden(
                "cross_site_request",
                "This request came from another site",
                "Forms of this app can only be sent from its own pages. Go back, reload the page and try again.");
    }

    private static String authority(String url) {
        try {
            String a = URI.create(url).getRawAuthority();
            return a == null ? null : a.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
