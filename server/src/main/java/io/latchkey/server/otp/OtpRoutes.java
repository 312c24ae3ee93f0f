package io.latchkey.server.otp;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.clientAddress;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.otp.EmailOtpAuthenticateRequest;
import io.latchkey.api.otp.EmailOtpLoginOrSignupRequest;
import io.latchkey.api.otp.SmsAuthenticateRequest;
import io.latchkey.api.otp.SmsSendRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.ratelimit.Credential;
import io.latchkey.server.ratelimit.RateLimitService;

/** HTTP routes of one-time passcodes by SMS and email. */
public final class OtpRoutes implements RouteGroup {
    private final SmsOtpService sms;
    private final EmailOtpService email;

    private final RateLimitService rateLimits;

    public OtpRoutes(SmsOtpService sms, EmailOtpService email, RateLimitService rateLimits) {
        this.sms = sms;
        this.email = email;
        this.rateLimits = rateLimits;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(
                "/v1/b2b/otps/sms/send",
                ctx -> ApiResponses.ok(ctx, sms.send(project(ctx), body(ctx, SmsSendRequest.class))));
        routes.post("/v1/b2b/otps/sms/authenticate", ctx -> {
            SmsAuthenticateRequest r = body(ctx, SmsAuthenticateRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.member(r.organizationId(), r.memberId()),
                            () -> sms.authenticate(project(ctx), r)));
        });
        routes.post(
                "/v1/b2b/otps/email/login_or_signup",
                ctx -> ApiResponses.ok(
                        ctx, email.loginOrSignup(project(ctx), body(ctx, EmailOtpLoginOrSignupRequest.class))));
        routes.post("/v1/b2b/otps/email/authenticate", ctx -> {
            EmailOtpAuthenticateRequest r = body(ctx, EmailOtpAuthenticateRequest.class);
            ApiResponses.ok(
                    ctx,
                    rateLimits.attempt(
                            project(ctx),
                            clientAddress(ctx),
                            Credential.email(r.organizationId(), r.emailAddress()),
                            () -> email.authenticate(project(ctx), r)));
        });
    }
}
