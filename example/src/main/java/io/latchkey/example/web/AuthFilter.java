package io.latchkey.example.web;

import io.javalin.http.Context;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.JwtAuthentication;
import io.latchkey.sdk.LatchkeyApiException;
import io.latchkey.sdk.LatchkeyJwtException;
import io.latchkey.sdk.request.Requests;
import java.util.Optional;
import java.util.Set;

/**
 * The guide's {@code isAuthenticated} middleware: a before-handler for protected routes.
 *
 * <p>The {@code stytch_session_jwt} cookie is verified in-process against Latchkey's JWKS while
 * it is younger than {@value #MAX_TOKEN_AGE_SECONDS} s, so most requests cost no call; older (or
 * expired) JWTs are checked by Latchkey, which answers with a fresh JWT that replaces the cookie.
 * That bounds how long a revoked session keeps working here to a minute. When the JWT is missing,
 * or refused locally (forged, malformed, signed by a key not in the JWKS: perhaps one rotated in
 * a moment ago), Latchkey is asked with the {@code stytch_session} token instead.
 *
 * <p>The cookies are cleared, and the browser sent to the login page, only when the session is
 * gone: Latchkey says so ({@link #SESSION_GONE}), or no cookie holds anything that could be a
 * session. Anything else (Latchkey refusing the app itself with 401, rate limiting it with 429,
 * failing, or unreachable) is <em>not</em> a logout: it becomes an error page and the cookies stay,
 * so the member is still signed in once it passes.
 */
public final class AuthFilter {
    public static final int MAX_TOKEN_AGE_SECONDS = 60;
    /** Latchkey's answers that mean this session will never pass again. */
    static final Set<String> SESSION_GONE = Set.of(
            "session_not_found",
            "unable_to_parse_session_jwt",
            "jwt_invalid_issuer",
            "jwt_invalid_audience",
            "member_not_found");

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
            session = jwt == null ? null : byJwt(ctx, jwt, token != null);
            if (session == null) {
                if (token == null) {
                    throw new Unauthenticated("no usable session cookie");
                }
                AuthenticateSessionResponse r = client.sessions()
                        .authenticate(Requests.authenticateSessionToken(token).build());
                SessionCookies.refreshJwt(ctx, r.sessionJwt());
                session = new CurrentSession(r.memberSession(), r);
            }
        } catch (LatchkeyApiException e) {
            if (SESSION_GONE.contains(e.errorType())) {
                throw new Unauthenticated("session refused by Latchkey: " + e.errorType());
            }
            throw new SessionCheckFailed(e);
        }
        ctx.attribute(ATTRIBUTE, session);
    }

    /** The session the JWT proves, or null when only the token cookie can tell. */
    private CurrentSession byJwt(Context ctx, String jwt, boolean tokenToo) {
        JwtAuthentication auth;
        try {
            auth = client.sessions().authenticateJwt(jwt, MAX_TOKEN_AGE_SECONDS);
        } catch (LatchkeyJwtException e) {
            // Proved bad locally, so not this session's JWT; the token, if any, decides.
            if (tokenToo) {
                return null;
            }
            throw new Unauthenticated("session JWT refused: " + e.reason());
        }
        if (!auth.verifiedLocally()) {
            SessionCookies.refreshJwt(ctx, auth.sessionJwt());
        }
        return new CurrentSession(auth.memberSession(), auth.remote());
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
