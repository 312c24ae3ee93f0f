package io.latchkey.example.web;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * The two session cookies, named as Stytch's frontend SDKs expect so that a frontend SDK could
 * pick the server-made session up ({@code stytch_session}: the opaque token; {@code
 * stytch_session_jwt}: the 5-minute JWT checked on each request).
 *
 * <p>Both are HttpOnly (no script reads them), SameSite=Lax (sent on top-level navigation, like
 * the click on an emailed link, but not on cross-site subrequests or form posts) and Path=/.
 * They are Secure unless the request came to localhost or 127.0.0.1: a developer runs the example
 * over plain http there, and a Secure cookie would be dropped by some clients. No Max-Age: they
 * end with the browser session, and Latchkey ends the session itself after 60 minutes anyway.
 */
public final class SessionCookies {
  public static final String SESSION = "stytch_session";
  public static final String SESSION_JWT = "stytch_session_jwt";

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

  /** True when the browser reached us by a loopback name, where plain http is expected. */
  static boolean isLocalhost(Context ctx) {
    String host = ctx.host();
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      return false; // IPv6 literal: not one of the two names the rule allows
    }
    int colon = name.indexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    return name.equals("localhost") || name.equals("127.0.0.1");
  }

  static void add(Context ctx, String name, String value, Integer maxAge) {
    // Written by hand rather than through the servlet Cookie API, so that every attribute
    // (SameSite in particular) is visible here and reaches the browser exactly as written.
    StringBuilder header = new StringBuilder(name).append('=').append(value).append("; Path=/");
    if (maxAge != null) {
      header.append("; Max-Age=").append(maxAge);
    }
    header.append("; HttpOnly; SameSite=Lax");
    if (!isLocalhost(ctx)) {
      header.append("; Secure");
    }
    ctx.res().addHeader("Set-Cookie", header.toString());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
