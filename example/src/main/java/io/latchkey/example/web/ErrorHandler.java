package io.latchkey.example.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.latchkey.example.store.StoreException;
import io.latchkey.example.view.ErrorView;
import io.latchkey.example.view.Header;
import io.latchkey.example.view.Problem;
import io.latchkey.sdk.LatchkeyApiException;
import io.latchkey.sdk.LatchkeyJwtException;
import io.latchkey.sdk.LatchkeyNetworkException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a friendly page (or JSON for JSON callers) naming the error's type
 * and message. Stack traces go to the log only, under an incident id the page shows; Latchkey's
 * refusals are logged by type and request id, never with tokens or request bodies.
 */
public final class ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    private final Pages pages;
    private final String latchkeyUrl;
    private final CsrfTokens csrf;

    public ErrorHandler(Pages pages, String latchkeyUrl, CsrfTokens csrf) {
        this.pages = pages;
        this.latchkeyUrl = latchkeyUrl;
        this.csrf = csrf;
    }

    public void handle(Exception e, Context ctx) {
        if (e instanceof Unauthenticated u) {
            LOG.debug("unauthenticated {} {}: {}", ctx.method(), ctx.path(), u.getMessage());
            SessionCookies.clear(ctx);
            if (Input.wantsJson(ctx)) {
                ctx.status(401).json(body("unauthenticated", "Sign in first."));
            } else {
                ctx.redirect("/", HttpStatus.SEE_OTHER);
            }
            return;
        }
        if (e instanceof SessionCheckFailed failed) {
            LatchkeyApiException api = failed.answer();
            LOG.warn(
                    "session check failed: latchkey answered {} {} (request_id {})",
                    api.statusCode(),
                    api.errorType(),
                    api.requestId());
            respond(
                    ctx,
                    api.statusCode() == 429 ? 429 : 503,
                    new Problem(
                            "We couldn't check your session just now",
                            api.errorType(),
                            "Latchkey answered " + api.statusCode() + " to the session check. You are still signed in: "
                                    + "try again in a moment.",
                            api.requestId()));
        } else if (e instanceof UserError u) {
            respond(ctx, u.status(), new Problem(u.title(), u.errorType(), u.getMessage(), null));
        } else if (e instanceof LatchkeyApiException api) {
            LOG.info("latchkey answered {} {} (request_id {})", api.statusCode(), api.errorType(), api.requestId());
            respond(ctx, statusFor(api), problem(api));
        } else if (e instanceof LatchkeyNetworkException net) {
            LOG.warn("latchkey unreachable at {}: {}", latchkeyUrl, net.getMessage());
            respond(
                    ctx,
                    503,
                    new Problem(
                            "Latchkey can't be reached",
                            "latchkey_unreachable",
                            "No answer from Latchkey at " + latchkeyUrl + ". Is it running (./latchkey start-dev)?",
                            null));
        } else if (e instanceof LatchkeyJwtException jwt) {
            respond(
                    ctx,
                    401,
                    new Problem(
                            "Your session could not be verified",
                            "invalid_session_jwt",
                            jwt.reason().toString(),
                            null));
        } else if (e instanceof HttpResponseException http) {
            // Javalin's own refusals (a malformed request, a body too large).
            respond(
                    ctx,
                    http.getStatus(),
                    new Problem("The request could not be handled", "bad_request", http.getMessage(), null));
        } else {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            if (e instanceof StoreException) {
                LOG.error("incident {}: {} {}: {}", incident, ctx.method(), ctx.path(), e.getMessage(), e);
            } else {
                LOG.error("incident {}: {} {} failed", incident, ctx.method(), ctx.path(), e);
            }
            respond(
                    ctx,
                    500,
                    new Problem(
                            "Something went wrong on our side",
                            "internal_error",
                            "The request failed. Quote incident " + incident + " when reporting it.",
                            null));
        }
    }

    /** Unmatched routes: a page of ours instead of the framework's text. */
    public void notFound(Context ctx) {
        if (ctx.attribute(Pages.RENDERED) != null || Input.wantsJson(ctx) && ctx.result() != null) {
            return;
        }
        respond(
                ctx,
                404,
                new Problem("There is nothing here", "not_found", "No page at " + shortPath(ctx) + ".", null));
    }

    public void respond(Context ctx, int status, Problem problem) {
        if (Input.wantsJson(ctx)) {
            Map<String, Object> body = body(problem.errorType(), problem.message());
            if (problem.requestId() != null) {
                body.put("request_id", problem.requestId());
            }
            ctx.status(status).json(body);
            return;
        }
        Header header = AuthFilter.ifPresent(ctx)
                .map(s -> Header.signedIn(null, csrf.tokenFor(s.memberSession().memberSessionId())))
                .orElse(Header.anonymous());
        pages.render(ctx, status, "error", new ErrorView(status, problem, header));
    }

    /** A Latchkey refusal as the user sees it. */
    public static Problem problem(LatchkeyApiException api) {
        return new Problem(titleFor(api), api.errorType(), api.errorMessage(), api.requestId());
    }

    /** Latchkey's 4xx are the user's problem and keep their status; its 5xx are a bad gateway. */
    public static int statusFor(LatchkeyApiException api) {
        int s = api.statusCode();
        return s >= 400 && s < 500 ? s : 502;
    }

    private static String titleFor(LatchkeyApiException api) {
        return switch (api.errorType()) {
            case "unable_to_auth_magic_link", "magic_link_not_found" ->
                "This sign-in link has expired or was already used";
            case "sso_token_not_found" -> "This sign-in has expired or was already used; sign in with SSO again";
            case "invalid_connection_for_jit_provisioning" -> "Your organization does not let new members join by SSO";
            case "organization_not_found" -> "We couldn't find that organization";
            case "email_jit_provisioning_not_allowed", "invalid_email_for_jit_provisioning" ->
                "This email address can't join that organization";
            case "session_not_found" -> "Your session has ended";
            case "pkce_mismatch", "pkce_expected_code_verifier" ->
                "Open this link in the browser where you asked for it";
            case "unable_to_auth_otp_code", "otp_code_not_found", "unable_to_authenticate_totp", "invalid_totp_code" ->
                "That code is not right";
            case "member_locked" -> "Too many wrong codes: this method is locked for a while";
            case "intermediate_session_not_found" -> "This sign-in has expired; start again from the login page";
            case "member_not_found" -> "We couldn't find that member";
            case "unauthorized_credentials" -> "That email and password don't match";
            case "weak_password" -> "Choose a stronger password";
            case "reset_password" -> "This password must be reset: use \"Forgot your password?\"";
            case "too_many_requests" -> "Too many attempts: wait a few minutes and try again";
            default ->
                switch (api.statusCode()) {
                    case 400 -> "Latchkey refused the request";
                    case 401, 403 -> "That is not allowed";
                    case 404 -> "Not found";
                    case 429 -> "Too many attempts, wait a moment";
                    default -> api.statusCode() >= 500 ? "Latchkey had a problem" : "Latchkey refused the request";
                };
        };
    }

    private static Map<String, Object> body(String type, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_type", type);
        body.put("error_message", message);
        return body;
    }

    private static String shortPath(Context ctx) {
        String p = ctx.path();
        return p.length() > 100 ? p.substring(0, 100) + "…" : p;
    }
}
