package io.latchkey.server.password;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.password.PasswordLoginResponse;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.EmailFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.organization.AuthMethod;
import io.latchkey.server.organization.OrganizationPolicy;
import io.latchkey.server.project.RedirectPolicy;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignInOutcome;
import java.time.Clock;
import java.time.Duration;

/**
 * The checks, answers and errors every password call shares, so that login, resets, discovery and
 * imports refuse the same input the same way.
 */
final class PasswordRules {
    /** The {@code stytch_token_type} of an emailed reset link. */
    static final String RESET_TOKEN_TYPE = "multi_tenant_passwords";

    private static final int DEFAULT_RESET_MINUTES = 30;

    private PasswordRules() {}

    /** A password factor; an email reset also names the address it proved. */
    static AuthenticationFactor passwordFactor(Clock clock, String emailId, String emailAddress) {
        String at = Timestamps.format(Timestamps.truncate(clock.instant()));
        return emailId == null
                ? new AuthenticationFactor("password", "knowledge", at, at, at, null, null, null, null)
                : new AuthenticationFactor(
                        "password", "email", at, at, at, new EmailFactor(emailId, emailAddress), null, null, null);
    }

    static PasswordLoginResponse answer(SignInOutcome outcome, String emailId) {
        String memberId = outcome.member().memberId();
        String organizationId = outcome.organization().organizationId();
        if (outcome instanceof SignInOutcome.Authenticated a) {
            var m = a.requireMinted();
            return new PasswordLoginResponse(
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
                    200,
                    m.memberSession(),
                    null,
                    null,
                    null);
        }
        SignInOutcome.Unfinished u = (SignInOutcome.Unfinished) outcome;
        return new PasswordLoginResponse(
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
                200,
                null,
                u.mfaRequired(),
                u.primaryRequired(),
                Timestamps.format(u.intermediateSession().expiresAt()));
    }

    static void requireOneSession(SessionArguments args) {
        if (args.sessionToken() != null && args.sessionJwt() != null) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Pass at most one of session_token and session_jwt.");
        }
    }

    static void requirePasswordsAllowed(Organization org, boolean breakglass) {
        if (!OrganizationPolicy.allowsAuthMethod(org, AuthMethod.PASSWORD, breakglass)) {
            throw new ApiException(
                    ErrorType.AUTH_METHOD_NOT_ALLOWED,
                    "This organization does not allow passwords (auth_methods is RESTRICTED).");
        }
    }

    static String redirect(RedirectPolicy policy, String requested) {
        return policy.resolve(RedirectUrlType.RESET_PASSWORD, requested);
    }

    static Duration lifetime(Integer minutes) {
        int value = minutes == null ? DEFAULT_RESET_MINUTES : minutes;
        if (value < 5 || value > 10_080) {
            throw new ApiException(
                    ErrorType.INVALID_EXPIRATION_MINUTES,
                    "reset_password_expiration_minutes must be between 5 and 10080.");
        }
        return Duration.ofMinutes(value);
    }

    static void requireField(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, name + " is required.");
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static ApiException unauthorized() {
        return new ApiException(ErrorType.UNAUTHORIZED_CREDENTIALS, "The email address or password is incorrect.");
    }

    static ApiException unableToAuth() {
        return new ApiException(
                ErrorType.UNABLE_TO_AUTH_MAGIC_LINK,
                "The password reset link could not be used: it was already used or has expired.");
    }

    static ApiException passwordNotFound() {
        return new ApiException(
                ErrorType.MEMBER_PASSWORD_NOT_FOUND,
                "No member of the organization has a password with this member_password_id.");
    }

    static ApiException resetTokenUnknown() {
        return new ApiException(ErrorType.MAGIC_LINK_NOT_FOUND, "The password reset token is unknown.");
    }
}
