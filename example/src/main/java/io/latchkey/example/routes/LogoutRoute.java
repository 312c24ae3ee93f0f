package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.example.web.SessionCookies;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.LatchkeyApiException;
import io.latchkey.sdk.request.Requests;

/**
 * The guide's {@code GET /logout}: revokes the session at Latchkey (every later remote check
 * fails at once), clears both cookies, back to the login page.
 *
 * <p>The cookies are cleared whatever Latchkey answers: the browser is signed out either way. A
 * session Latchkey no longer knows counts as revoked; any other failure is shown, since the
 * session may then still be alive.
 */
public final class LogoutRoute {
  private final B2BClient client;

  public LogoutRoute(B2BClient client) {
    this.client = client;
  }

  public void register(RoutesConfig routes) {
    routes.get("/logout", this::logout);
  }

  private void logout(Context ctx) {
    String token = SessionCookies.session(ctx);
    String jwt = SessionCookies.sessionJwt(ctx);
    SessionCookies.clear(ctx);
    try {
      if (token != null) {
        client.sessions().revoke(Requests.revokeSessionToken(token));
      } else if (jwt != null) {
        client.sessions().revoke(Requests.revokeSessionJwt(jwt));
      }
    } catch (LatchkeyApiException e) {
      // 404 session_not_found / 401: already gone, which is what we wanted.
      if (e.statusCode() != 404 && e.statusCode() != 401) {
        throw e;
      }
    }
    ctx.redirect("/", HttpStatus.FOUND);
  }
}
