package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.otp.SmsAuthenticateRequest;
import io.latchkey.api.otp.SmsAuthenticateResponse;
import io.latchkey.api.otp.SmsSendRequest;
import io.latchkey.api.totp.AuthenticateTotpRequest;
import io.latchkey.api.totp.AuthenticateTotpResponse;
import io.latchkey.api.totp.CreateTotpRequest;
import io.latchkey.api.totp.CreateTotpResponse;
import io.latchkey.example.store.UserStore;
import io.latchkey.example.view.MfaView;
import io.latchkey.example.view.Problem;
import io.latchkey.example.web.CsrfTokens;
import io.latchkey.example.web.ErrorHandler;
import io.latchkey.example.web.Input;
import io.latchkey.example.web.Pages;
import io.latchkey.example.web.PendingCookies;
import io.latchkey.example.web.PendingCookies.PendingMfa;
import io.latchkey.example.web.UserError;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.LatchkeyApiException;
import java.util.List;

/**
 * The second factor of a login whose organization requires MFA ({@code GET /mfa}): a code by
 * SMS ({@code POST /mfa/sms}) or an authenticator app ({@code POST /mfa/totp} to set one up),
 * then the code ({@code POST /mfa/verify}), which completes the intermediate session into a
 * normal session. The intermediate session token comes from its cookie, never from the form.
 */
public final class MfaRoutes {
    private static final int MAX_PHONE = 32;
    private static final int MAX_CODE = 16;

    private final B2BClient client;
    private final CsrfTokens csrf;
    private final Pages pages;
    private final SignIn signIn;

    public MfaRoutes(B2BClient client, UserStore users, CsrfTokens csrf, Pages pages) {
        this.client = client;
        this.csrf = csrf;
        this.pages = pages;
        this.signIn = new SignIn(users);
    }

    public void register(RoutesConfig routes) {
        routes.get("/mfa", ctx -> withPending(ctx, p -> render(ctx, 200, p, "choose", null, null, null)));
        routes.post("/mfa/sms", ctx -> withPending(ctx, p -> sendSms(ctx, p)));
        routes.post("/mfa/totp", ctx -> withPending(ctx, p -> createTotp(ctx, p)));
        routes.post("/mfa/verify", ctx -> withPending(ctx, p -> verify(ctx, p)));
    }

    private interface Step {
        void run(PendingMfa pending);
    }

    /** No pending login (expired cookie, or never signed in): back to the start. */
    private void withPending(Context ctx, Step step) {
        PendingMfa pending = PendingCookies.mfa(ctx);
        if (pending == null) {
            ctx.redirect("/", "GET".equals(ctx.method().name()) ? HttpStatus.FOUND : HttpStatus.SEE_OTHER);
            return;
        }
        if (!"GET".equals(ctx.method().name())) {
            csrf.verifyIntermediate(pending.intermediateSessionToken(), ctx.formParam(CsrfTokens.FIELD));
        }
        step.run(pending);
    }

    private void sendSms(Context ctx, PendingMfa p) {
        String phone = Input.of(ctx).optional("phone_number", "Phone number", MAX_PHONE);
        try {
            var sent = client.otps()
                    .sms()
                    .send(new SmsSendRequest(
                            p.organizationId(), p.memberId(), phone, null, p.intermediateSessionToken(), null, null));
            render(
                    ctx,
                    200,
                    p,
                    "sms",
                    null,
                    null,
                    "We texted a code to " + sent.member().mfaPhoneNumber() + ".");
        } catch (LatchkeyApiException e) {
            refused(ctx, p, "choose", e);
        }
    }

    private void createTotp(Context ctx, PendingMfa p) {
        try {
            CreateTotpResponse t = client.totps()
                    .create(new CreateTotpRequest(
                            p.organizationId(), p.memberId(), null, p.intermediateSessionToken(), null, null));
            render(ctx, 200, p, "totp", t, null, null);
        } catch (LatchkeyApiException e) {
            refused(ctx, p, "choose", e);
        }
    }

    private void verify(Context ctx, PendingMfa p) {
        Input in = Input.of(ctx);
        String method = "totp".equals(ctx.formParam("method")) ? "totp" : "sms";
        try {
            String code = in.required("code", "Code", MAX_CODE);
            if ("totp".equals(method)) {
                AuthenticateTotpResponse r = client.totps()
                        .authenticate(new AuthenticateTotpRequest(
                                p.organizationId(),
                                p.memberId(),
                                code,
                                p.intermediateSessionToken(),
                                null,
                                null,
                                AuthenticateRoute.SESSION_DURATION_MINUTES,
                                null,
                                null,
                                null,
                                null));
                signIn.complete(ctx, r.member(), r.sessionToken(), r.sessionJwt());
            } else {
                SmsAuthenticateResponse r = client.otps()
                        .sms()
                        .authenticate(new SmsAuthenticateRequest(
                                p.organizationId(),
                                p.memberId(),
                                code,
                                p.intermediateSessionToken(),
                                null,
                                null,
                                AuthenticateRoute.SESSION_DURATION_MINUTES,
                                null,
                                null,
                                null,
                                null));
                signIn.complete(ctx, r.member(), r.sessionToken(), r.sessionJwt());
            }
        } catch (UserError e) {
            render(ctx, e.status(), p, method, null, new Problem(e.title(), e.errorType(), e.getMessage(), null), null);
        } catch (LatchkeyApiException e) {
            refused(ctx, p, method, e);
        }
    }

    /** Latchkey's 4xx (wrong code, locked, expired) on the same page; its 5xx to the error page. */
    private void refused(Context ctx, PendingMfa p, String step, LatchkeyApiException e) {
        if (e.statusCode() >= 500) {
            throw e;
        }
        render(ctx, ErrorHandler.statusFor(e), p, step, null, ErrorHandler.problem(e), null);
    }

    private void render(
            Context ctx,
            int status,
            PendingMfa p,
            String step,
            CreateTotpResponse totp,
            Problem problem,
            String notice) {
        // Latchkey's view of the member decides which factors to offer (a number or app already set).
        MemberResponse r = client.organizations().members().get(p.organizationId(), p.memberId());
        Member m = r.member();
        boolean hasTotp =
                m.totpRegistrationId() != null && !m.totpRegistrationId().isEmpty();
        String phone = m.mfaPhoneNumber() == null || m.mfaPhoneNumber().isEmpty() ? null : m.mfaPhoneNumber();
        pages.render(
                ctx,
                status,
                "mfa",
                new MfaView(
                        m.emailAddress(),
                        r.organization().organizationName(),
                        phone,
                        hasTotp,
                        step,
                        totp == null ? null : totp.qrCode(),
                        totp == null ? null : totp.secret(),
                        totp == null || totp.recoveryCodes() == null ? List.of() : totp.recoveryCodes(),
                        csrf.tokenForIntermediate(p.intermediateSessionToken()),
                        problem,
                        notice));
    }
}
