package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.example.web.AppUrls;
import io.latchkey.example.web.LoginBinding;
import io.latchkey.example.web.UserError;
import io.latchkey.sdk.B2BClient;
import java.util.regex.Pattern;

/**
 * "Sign in with SSO": {@code GET /sso/start?connection_id=…} sends the browser to Latchkey's
 * {@code /v1/public/sso/start}, which sends it on to the organization's identity provider; the
 * login comes back to {@code /authenticate} with {@code stytch_token_type=sso}. The start URL
 * carries the project's public token (never the secret) and the PKCE challenge of this browser's
 * verifier, so the SSO token only works in the browser that started the login (see {@link
 * LoginBinding}).
 */
public final class SsoStartRoute {
    private static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");

    private final B2BClient client;
    private final AppUrls urls;
    private final String publicToken;

    /** @param publicToken the project's public token; null when SSO is not offered */
    public SsoStartRoute(B2BClient client, AppUrls urls, String publicToken) {
        this.client = client;
        this.urls = urls;
        this.publicToken = publicToken;
    }

    public void register(RoutesConfig routes) {
        routes.get("/sso/start", this::start);
    }

    private void start(Context ctx) {
        if (publicToken == null) {
            throw UserError.badRequest(
                    "sso_not_configured",
                    "This app was started without the project's public token (LATCHKEY_PUBLIC_TOKEN), so it"
                            + " cannot start SSO logins.");
        }
        String connectionId = ctx.queryParam("connection_id");
        if (connectionId == null || !CONNECTION_ID.matcher(connectionId).matches()) {
            throw UserError.badRequest(
                    "invalid_connection", "Choose your organization's SSO connection on the login page.");
        }
        String challenge = LoginBinding.challenge(ctx);
        ctx.redirect(
                client.sso().startUrl(connectionId, publicToken, urls.authenticate(), urls.authenticate(), challenge),
                HttpStatus.FOUND);
    }
}
