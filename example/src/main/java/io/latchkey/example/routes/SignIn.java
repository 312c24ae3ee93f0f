package io.latchkey.example.routes;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.api.member.Member;
import io.latchkey.example.store.UserStore;
import io.latchkey.example.web.PendingCookies;
import io.latchkey.example.web.PendingCookies.PendingMfa;
import io.latchkey.example.web.SessionCookies;

/**
 * The two ways a login step ends, shared by magic links, discovery and MFA: a session (the
 * app's user row, both cookies, the dashboard) or a second factor still due (the intermediate
 * session kept in its cookie, the MFA page).
 */
final class SignIn {
    private final UserStore users;

    SignIn(UserStore users) {
        this.users = users;
    }

    void complete(Context ctx, Member m, String sessionToken, String sessionJwt) {
        users.recordLogin(m.memberId(), m.organizationId(), m.emailAddress(), m.name());
        SessionCookies.set(ctx, sessionToken, sessionJwt);
        // The intermediate sessions were consumed; their cookies have nothing left to say.
        PendingCookies.clearMfa(ctx);
        PendingCookies.clearDiscovery(ctx);
        ctx.redirect("/dashboard", redirectStatus(ctx));
    }

    void needsMfa(Context ctx, String organizationId, String memberId, String intermediateSessionToken) {
        PendingCookies.setMfa(ctx, new PendingMfa(organizationId, memberId, intermediateSessionToken));
        ctx.redirect("/mfa", redirectStatus(ctx));
    }

    /** 303 after a POST, so that the browser follows with a GET; 302 after a GET (a clicked link). */
    private static HttpStatus redirectStatus(Context ctx) {
        return "POST".equals(ctx.method().name()) ? HttpStatus.SEE_OTHER : HttpStatus.FOUND;
    }
}
