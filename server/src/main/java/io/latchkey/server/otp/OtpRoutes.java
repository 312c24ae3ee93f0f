package io.latchkey.server.otp;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.latchkey.api.otp.EmailOtpAuthenticateRequest;
import io.latchkey.api.otp.EmailOtpLoginOrSignupRequest;
import io.latchkey.api.otp.SmsAuthenticateRequest;
import io.latchkey.api.otp.SmsSendRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;

/** HTTP routes of one-time passcodes by SMS and email. */
public final class OtpRoutes implements RouteGroup {
  private final SmsOtpService sms;
  private final EmailOtpService email;

  public OtpRoutes(SmsOtpService sms, EmailOtpService email) {
    this.sms = sms;
    this.email = email;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/v1/b2b/otps/sms/send", ctx ->
        ApiResponses.ok(ctx, sms.send(project(ctx), body(ctx, SmsSendRequest.class))));
    routes.post("/v1/b2b/otps/sms/authenticate", ctx ->
        ApiResponses.ok(ctx, sms.authenticate(project(ctx), body(ctx, SmsAuthenticateRequest.class))));
    routes.post("/v1/b2b/otps/email/login_or_signup", ctx ->
        ApiResponses.ok(ctx, email.loginOrSignup(project(ctx), body(ctx, EmailOtpLoginOrSignupRequest.class))));
    routes.post("/v1/b2b/otps/email/authenticate", ctx ->
        ApiResponses.ok(ctx, email.authenticate(project(ctx), body(ctx, EmailOtpAuthenticateRequest.class))));
  }
}
