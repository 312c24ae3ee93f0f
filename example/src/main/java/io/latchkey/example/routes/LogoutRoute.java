package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.api.session.RevokeSessionRequest;
import io.latchkey.example.web.AuthFilter;
import io.latchkey.example.web.CsrfTokens;
import io.latchkey.example.web.CurrentSession;
import io.latchkey.example.web.SessionCookies;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.LatchkeyApiException;

/**
 * The guide's logout, as {@code POST /logout} with the session's CSRF token (a GET could be
 * fired by any page, an image tag, or a link preview, and sign the member out): behind {@link
 * AuthFilter}, it revokes the session at Latchkey (every later remote check fails at once),
 * clears both cookies, back to the login page.
 *
 * <p>The cookies are cleared once the session is gone at Latchkey: revoked now, or already
 * unknown. When the revocation fails otherwise (Latchkey unreachable, rate limited), the session
 * is still alive, so the cookies stay (they are the only handle to revoke it with) and an error
 * page says to try again.
 */
public final class LogoutRoute {
    private final B2BClient client;
    private final CsrfTokens csrf;

    public LogoutRoute(B2BClient client, CsrfTokens csrf) {
        this.client = client;
        this.csrf = csrf;
    }

    public void register(RoutesConfig routes) {
        routes.post("/logout", this::logout);
    }

    private void logout(Context ctx) {
        CurrentSession session = AuthFilter.current(ctx);
        csrf.verify(
                session.memberSession().memberSessionId(), CsrfTokens.presented(ctx, ctx.formParam(CsrfTokens.FIELD)));
        try {
            client.sessions()
                    .revoke(new RevokeSessionRequest(session.memberSession().memberSessionId(), null, null, null));
        } catch (LatchkeyApiException e) {
            if (!"session_not_found".equals(e.errorType())) {
                throw e;
            }
        }
        SessionCookies.clear(ctx);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }
}
