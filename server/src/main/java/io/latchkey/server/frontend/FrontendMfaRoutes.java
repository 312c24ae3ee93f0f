package io.latchkey.server.frontend;

import static io.latchkey.server.frontend.FrontendRoutes.sessionToken;
import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;

import io.latchkey.server.frontend.FrontendBodies.Recover;
import io.latchkey.server.frontend.FrontendBodies.SmsAuthenticate;
import io.latchkey.server.frontend.FrontendBodies.SmsSend;
import io.latchkey.server.frontend.FrontendBodies.TotpAuthenticate;
import io.latchkey.server.frontend.FrontendBodies.TotpCreate;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;

/**
 * {@code /sdk/v1}: SMS OTP, TOTP and recovery codes. Passcode checks count failures per client
 * address and per member, as the backend routes do; the rest per session token.
 */
public final class FrontendMfaRoutes implements FrontendRouteGroup {
    private final FrontendMfaService mfa;
    private final RateLimitService rateLimits;

    public FrontendMfaRoutes(FrontendMfaService mfa, RateLimitService rateLimits) {
        this.mfa = mfa;
        this.rateLimits = rateLimits;
    }

    @Override
    public void register(Serve routes) {
        routes.serve("POST", "/b2b/otps/sms/send", ctx -> {
            SmsSend r = body(ctx, SmsSend.class);
            rateLimits.countBrowserSend(project(ctx), clientAddress(ctx));
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(proofOf(r.intermediateSessionToken(), sessionToken(ctx))),
                            () -> mfa.sendSms(project(ctx), sessionToken(ctx), r)));
        });
        routes.serve("POST", "/b2b/otps/sms/authenticate", ctx -> {
            SmsAuthenticate r = body(ctx, SmsAuthenticate.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.member(r.organizationId(), r.memberId()),
                            () -> mfa.authenticateSms(project(ctx), sessionToken(ctx), r)));
        });
        routes.serve("POST", "/b2b/totp", ctx -> {
            TotpCreate r = body(ctx, TotpCreate.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.token(proofOf(r.intermediateSessionToken(), sessionToken(ctx))),
                            () -> mfa.createTotp(project(ctx), sessionToken(ctx), r)));
        });
        routes.serve("POST", "/b2b/totp/authenticate", ctx -> {
            TotpAuthenticate r = body(ctx, TotpAuthenticate.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.member(r.organizationId(), r.memberId()),
                            () -> mfa.authenticateTotp(project(ctx), sessionToken(ctx), r)));
        });
        routes.serve("POST", "/b2b/recovery_codes/recover", ctx -> {
            Recover r = body(ctx, Recover.class);
            ApiResponses.okData(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.member(r.organizationId(), r.memberId()),
                            () -> mfa.recover(project(ctx), sessionToken(ctx), r)));
        });
        routes.serve(
                "POST",
                "/b2b/recovery_codes/rotate",
                ctx -> ApiResponses.okData(
                        ctx,
                        rateLimits.attempt(
                                project(ctx),
                                clientAddress(ctx),
                                Credential.token(sessionToken(ctx)),
                                () -> mfa.rotateRecoveryCodes(project(ctx), sessionToken(ctx)))));
        routes.serve(
                "GET",
                "/b2b/recovery_codes",
                ctx -> ApiResponses.okData(
                        ctx,
                        rateLimits.attempt(
                                project(ctx),
                                clientAddress(ctx),
                                Credential.token(sessionToken(ctx)),
                                () -> mfa.recoveryCodes(project(ctx), sessionToken(ctx)))));
    }

    private static String proofOf(String intermediateSessionToken, String sessionToken) {
        return intermediateSessionToken != null && !intermediateSessionToken.isBlank()
                ? intermediateSessionToken
                : sessionToken;
    }
}
