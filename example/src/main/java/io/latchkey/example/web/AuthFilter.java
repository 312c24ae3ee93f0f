package io.latchkey.example.web;

import io.javalin.http.Context;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.JwtAuthentication;
import io.latchkey.sdk.LatchkeyApiException;
import io.latchkey.sdk.LatchkeyJwtException;
import io.latchkey.sdk.request.Requests;
import java.util.Optional;

/**
 * The guide's {@code isAuthenticated} middleware: a before-handler for protected routes.
 *
 * <p>The {@code stytch_session_jwt} cookie is verified in-process against Latchkey's JWKS while
 * it is younger than {@value #MAX_TOKEN_AGE_SECONDS} s, so most requests cost no call; older (or
 * expired) JWTs are checked by Latchkey, which answers with a fresh JWT that replaces the cookie.
 * That bounds how long a revoked session keeps working here to a minute. When only the {@code
 * stytch_session} cookie is left, Latchkey is asked with it.
 *
 * <p>A session Latchkey refuses (revoked, expired, forged) clears the cookies and sends the
 * browser to the login page. Latchkey being down or failing is <em>not</em> a logout: that
 * becomes an error page and the cookies stay.
 */
public final class AuthFilter {
  public static final int MAX_TOKEN_AGE_SECONDS = 60;
  private static final String ATTRIBUTE = "example.session";

  private final B2BClient client;

  public AuthFilter(B2BClient client) {
    this.client = client;
  }

  public void requireSession(Context ctx) {
    String jwt = SessionCookies.sessionJwt(ctx);
    String token = SessionCookies.session(ctx);
    CurrentSession session;
    try {
      if (jwt != null) {
        JwtAuthentication auth = client.sessions().authenticateJwt(jwt, MAX_TOKEN_AGE_SECONDS);
        if (!auth.verifiedLocally()) {
          SessionCookies.refreshJwt(ctx, auth.sessionJwt());
        }
        session = new CurrentSession(auth.memberSession(), auth.remote());
      } else if (token != null) {
        AuthenticateSessionResponse r =
            client.sessions().authenticate(Requests.authenticateSessionToken(token).build());
        SessionCookies.refreshJwt(ctx, r.sessionJwt());
        session = new CurrentSession(r.memberSession(), r);
      } else {
        throw new Unauthenticated("no session cookie");
      }
    } catch (LatchkeyJwtException e) {
      throw new Unauthenticated("session JWT refused: " + e.reason());
    } catch (LatchkeyApiException e) {
      if (e.statusCode() >= 500) {
        throw e;
      }
      throw new Unauthenticated("session refused by Latchkey: " + e.errorType());
    }
    ctx.attribute(ATTRIBUTE, session);
  }

  /** The session {@link #requireSession} found; only on protected routes. */
  public static CurrentSession current(Context ctx) {
    CurrentSession s = ctx.attribute(ATTRIBUTE);
    if (s == null) {
      throw new IllegalStateException("route is not behind AuthFilter: " + ctx.endpoint().path);
    }
    return s;
  }

  /** The session, when this request went through {@link #requireSession} successfully. */
  public static Optional<CurrentSession> ifPresent(Context ctx) {
    return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
  }
}
