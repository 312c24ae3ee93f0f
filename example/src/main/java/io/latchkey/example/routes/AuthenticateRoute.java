package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.latchkey.api.magiclink.AuthenticateMagicLinkResponse;
import io.latchkey.api.sso.SSOAuthenticateResponse;
import io.latchkey.example.store.UserStore;
import io.latchkey.example.web.LoginBinding;
import io.latchkey.example.web.UserError;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.request.Requests;

/**
 * The guide's {@code GET /authenticate}: where emailed links and SSO logins land. Trades the link's token for a
 * session, keeps the app's own user row in step ("keep your database in sync"), hydrates the
 * browser's session with both cookies and goes to the dashboard; or, when the organization
 * requires MFA, on to the MFA page.
 */
public final class AuthenticateRoute {
    static final int SESSION_DURATION_MINUTES = 60;
    private static final String MAGIC_LINK_TYPE = "multi_tenant_magic_links";
    private static final String SSO_TYPE = "sso";

    private final B2BClient client;
    private final SignIn signIn;

    public AuthenticateRoute(B2BClient client, UserStore users) {
        this.client = client;
        this.signIn = new SignIn(users);
    }

    public void register(RoutesConfig routes) {
        routes.get("/authenticate", this::authenticate);
    }

    private void authenticate(Context ctx) {
        String token = ctx.queryParam("token");
        String type = ctx.queryParam("stytch_token_type");
        if (token == null || token.isBlank()) {
            throw UserError.badRequest("missing_token", "This link has no token. Open the link from your email again.");
        }
        if (SSO_TYPE.equals(type)) {
            authenticateSso(ctx, token);
            return;
        }
        if (type != null && !type.equals(MAGIC_LINK_TYPE)) {
            throw UserError.badRequest(
                    "unsupported_token_type",
                    "This app completes email magic links and SSO logins only, not '" + type + "' links.");
        }
        AuthenticateMagicLinkResponse r = client.magicLinks()
                .authenticate(Requests.authenticateMagicLink(token)
                        .sessionDurationMinutes(SESSION_DURATION_MINUTES)
                        // The link must have been asked for in this browser (see LoginBinding).
                        .pkceCodeVerifier(LoginBinding.verifier(ctx))
                        .build());
        if (!r.memberAuthenticated()) {
            // The organization wants a second factor: no session yet. The intermediate session token
            // goes into a short-lived cookie (not the URL) for the MFA page to finish the login with.
            signIn.needsMfa(ctx, r.organizationId(), r.memberId(), r.intermediateSessionToken());
            return;
        }
        signIn.complete(ctx, r.member(), r.sessionToken(), r.sessionJwt());
    }

    /** Back from the identity provider ("Sign in with SSO"): the same two endings as a link. */
    private void authenticateSso(Context ctx, String token) {
        SSOAuthenticateResponse r = client.sso()
                .authenticate(Requests.authenticateSso(token)
                        .sessionDurationMinutes(SESSION_DURATION_MINUTES)
                        // The login must have been started in this browser (SsoStartRoute).
                        .pkceCodeVerifier(LoginBinding.verifier(ctx))
                        .build());
        if (!r.memberAuthenticated()) {
            signIn.needsMfa(ctx, r.organizationId(), r.memberId(), r.intermediateSessionToken());
            return;
        }
        signIn.complete(ctx, r.member(), r.sessionToken(), r.sessionJwt());
    }
}
