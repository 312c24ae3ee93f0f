package io.latchkey.example.web;

import io.javalin.config.Key;
import io.javalin.http.Context;

/**
 * The two session cookies, named as Stytch's frontend SDKs expect so that a frontend SDK could
 * pick the server-made session up ({@code stytch_session}: the opaque token; {@code
 * stytch_session_jwt}: the 5-minute JWT checked on each request).
 *
 * <p>Both are HttpOnly (no script reads them), SameSite=Lax (sent on top-level navigation, like
 * the click on an emailed link, but not on cross-site subrequests or form posts) and Path=/.
 * They are Secure when the configured public URL is https ({@link #SECURE}), decided once from
 * the configuration: never from the request's {@code Host} header, which behind a proxy names
 * the proxy's upstream (often {@code localhost}) and which the client chooses anyway. No
 * Max-Age: they end with the browser session, and Latchkey ends the session itself after 60
 * minutes anyway.
 */
public final class SessionCookies {
    public static final String SESSION = "stytch_session";
    public static final String SESSION_JWT = "stytch_session_jwt";
    /** Whether cookies get {@code Secure}: the app's setting, from its public URL's scheme. */
    public static final Key<Boolean> SECURE = new Key<>("example.secure-cookies");

    private SessionCookies() {}

    /** Sets both cookies after a login. */
    public static void set(Context ctx, String sessionToken, String sessionJwt) {
        add(ctx, SESSION, sessionToken, null);
        add(ctx, SESSION_JWT, sessionJwt, null);
    }

    /** Replaces the JWT cookie with a freshly minted one (after a remote check). */
    public static void refreshJwt(Context ctx, String sessionJwt) {
        add(ctx, SESSION_JWT, sessionJwt, null);
    }

    /** Expires both cookies, with the attributes they were set with so that browsers match them. */
    public static void clear(Context ctx) {
        add(ctx, SESSION, "", 0);
        add(ctx, SESSION_JWT, "", 0);
    }

    public static String session(Context ctx) {
        return blankToNull(ctx.cookie(SESSION));
    }

    public static String sessionJwt(Context ctx) {
        return blankToNull(ctx.cookie(SESSION_JWT));
    }

    static void add(Context ctx, String name, String value, Integer maxAge) {
        // Written by hand rather than through the servlet Cookie API, so that every attribute
        // (SameSite in particular) is visible here and reaches the browser exactly as written.
        StringBuilder header = new StringBuilder(name).append('=').append(value).append("; Path=/");
        if (maxAge != null) {
            header.append("; Max-Age=").append(maxAge);
        }
        header.append("; HttpOnly; SameSite=Lax");
        if (secure(ctx)) {
            header.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", header.toString());
    }

    private static boolean secure(Context ctx) {
        try {
            return !Boolean.FALSE.equals(ctx.appData(SECURE));
        } catch (RuntimeException e) {
            return true; // not configured: the safe choice
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
