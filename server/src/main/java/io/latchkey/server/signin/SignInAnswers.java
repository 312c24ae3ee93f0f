package io.latchkey.server.signin;

import io.latchkey.api.magiclink.AuthenticateMagicLinkResponse;
import io.latchkey.api.otp.EmailOtpAuthenticateResponse;
import io.latchkey.api.otp.SmsAuthenticateResponse;
import io.latchkey.api.recoverycode.RecoverResponse;
import io.latchkey.api.session.ExchangeResponse;
import io.latchkey.api.totp.AuthenticateTotpResponse;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.session.MintedSession;
import io.latchkey.server.signin.SignInOutcome.Authenticated;
import io.latchkey.server.signin.SignInOutcome.Unfinished;

/**
 * The answers of the login endpoints, built from a finished {@link SignInOutcome}: a session's
 * fields, or an intermediate session's with what is missing and the session fields empty (as the
 * SDKs expect, {@code ""} rather than absent). The request id is filled in by the web layer.
 */
public final class SignInAnswers {
    private static final int OK = 200;

    private SignInAnswers() {}

    /** {@code magic_links.authenticate}; {@code emailId} is the member's email (the method id). */
    public static AuthenticateMagicLinkResponse magicLink(SignInOutcome outcome, String emailId) {
        String memberId = outcome.member().memberId();
        String organizationId = outcome.organization().organizationId();
        if (outcome instanceof Authenticated a) {
            MintedSession m = a.requireMinted();
            return new AuthenticateMagicLinkResponse(
                    null,
                    memberId,
                    emailId,
                    false,
                    organizationId,
                    a.member(),
                    m.sessionToken(),
                    m.sessionJwt(),
                    a.organization(),
                    "",
                    true,
                    OK,
                    m.memberSession(),
                    null,
                    null,
                    null);
        }
        Unfinished u = (Unfinished) outcome;
        return new AuthenticateMagicLinkResponse(
                null,
                memberId,
                emailId,
                false,
                organizationId,
                u.member(),
                "",
                "",
                u.organization(),
                u.intermediateSession().token(),
                false,
                OK,
                null,
                u.mfaRequired(),
                u.primaryRequired(),
                expiresAt(u));
    }

    /** {@code otps.email.authenticate}; {@code emailId} as for {@link #magicLink}. */
    public static EmailOtpAuthenticateResponse emailOtp(SignInOutcome outcome, String emailId) {
        String memberId = outcome.member().memberId();
        String organizationId = outcome.organization().organizationId();
        if (outcome instanceof Authenticated a) {
            MintedSession m = a.requireMinted();
            return new EmailOtpAuthenticateResponse(
                    null,
                    memberId,
                    emailId,
                    organizationId,
                    a.member(),
                    m.sessionToken(),
                    m.sessionJwt(),
                    a.organization(),
                    "",
                    true,
                    OK,
                    m.memberSession(),
                    null,
                    null,
                    null);
        }
        Unfinished u = (Unfinished) outcome;
        return new EmailOtpAuthenticateResponse(
                null,
                memberId,
                emailId,
                organizationId,
                u.member(),
                "",
                "",
                u.organization(),
                u.intermediateSession().token(),
                false,
                OK,
                null,
                u.mfaRequired(),
                u.primaryRequired(),
                expiresAt(u));
    }

    /** {@code sessions.exchange}, discovery's intermediate session exchange and organization create. */
    public static ExchangeResponse exchange(SignInOutcome outcome) {
        String memberId = outcome.member().memberId();
        if (outcome instanceof Authenticated a) {
            MintedSession m = a.requireMinted();
            return new ExchangeResponse(
                    null,
                    memberId,
                    m.sessionToken(),
                    m.sessionJwt(),
                    a.member(),
                    a.organization(),
                    true,
                    "",
                    OK,
                    m.memberSession(),
                    null,
                    null,
                    null);
        }
        Unfinished u = (Unfinished) outcome;
        return new ExchangeResponse(
                null,
                memberId,
                "",
                "",
                u.member(),
                u.organization(),
                false,
                u.intermediateSession().token(),
                OK,
                null,
                u.mfaRequired(),
                u.primaryRequired(),
                expiresAt(u));
    }

    /** {@code otps.sms.authenticate}: a second factor always ends in a session. */
    public static SmsAuthenticateResponse sms(Authenticated a) {
        MintedSession m = a.requireMinted();
        return new SmsAuthenticateResponse(
                null,
                a.member().memberId(),
                a.member(),
                a.organization(),
                m.sessionToken(),
                m.sessionJwt(),
                OK,
                m.memberSession());
    }

    /** {@code totps.authenticate}. */
    public static AuthenticateTotpResponse totp(Authenticated a) {
        MintedSession m = a.requireMinted();
        return new AuthenticateTotpResponse(
                null,
                a.member().memberId(),
                a.member(),
                a.organization(),
                m.sessionToken(),
                m.sessionJwt(),
                OK,
                m.memberSession());
    }

    /** {@code recovery_codes.recover}. */
    public static RecoverResponse recover(Authenticated a, int recoveryCodesRemaining) {
        MintedSession m = a.requireMinted();
        return new RecoverResponse(
                null,
                a.member().memberId(),
                a.member(),
                a.organization(),
                m.sessionToken(),
                m.sessionJwt(),
                recoveryCodesRemaining,
                OK,
                m.memberSession());
    }

    /** {@code sso.authenticate}. */
    public static io.latchkey.api.sso.SSOAuthenticateResponse sso(SignInOutcome outcome) {
        String memberId = outcome.member().memberId();
        String organizationId = outcome.organization().organizationId();
        if (outcome instanceof Authenticated a) {
            MintedSession m = a.requireMinted();
            return new io.latchkey.api.sso.SSOAuthenticateResponse(
                    null,
                    memberId,
                    organizationId,
                    a.member(),
                    m.sessionToken(),
                    m.sessionJwt(),
                    false,
                    a.organization(),
                    "",
                    true,
                    OK,
                    m.memberSession(),
                    null,
                    null,
                    null);
        }
        Unfinished u = (Unfinished) outcome;
        return new io.latchkey.api.sso.SSOAuthenticateResponse(
                null,
                memberId,
                organizationId,
                u.member(),
                "",
                "",
                false,
                u.organization(),
                u.intermediateSession().token(),
                false,
                OK,
                null,
                u.mfaRequired(),
                u.primaryRequired(),
                expiresAt(u));
    }

    private static String expiresAt(Unfinished u) {
        return Timestamps.format(u.intermediateSession().expiresAt());
    }
}
