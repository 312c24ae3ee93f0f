package io.latchkey.example.web;

import io.javalin.http.Context;

/**
 * Headers every answer carries. The pages use no script at all, so the CSP allows none (except
 * the two pages of Stytch's frontend SDK, {@link #withScripts}); styles
 * come from our one CSS file; images may come from https URLs (members' profile pictures).
 * Pages show personal data or are reached with tokens in the URL, so none may be stored by a
 * browser or a proxy; only the stylesheet is cacheable.
 */
public final class SecurityHeaders {
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    /** The stylesheet may be cached briefly; the static-file handler sets it. */
    public static final String STATIC_CACHE_CONTROL = "public, max-age=300";

    private SecurityHeaders() {}

    /**
     * The policy of a page that runs Stytch's frontend SDK: scripts from this app only (no inline
     * script), and calls to {@code apiOrigin} (Latchkey), nothing else.
     */
    public static String withScripts(String apiOrigin) {
        return CSP.replace(
                "default-src 'none';", "default-src 'none'; script-src 'self'; connect-src " + apiOrigin + ";");
    }

    public static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        if (!ctx.path().startsWith("/static/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }
}
