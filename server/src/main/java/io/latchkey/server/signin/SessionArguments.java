package io.latchkey.server.signin;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.session.SessionDurations;
import java.util.Map;

/**
 * What a factor call says about sessions: the intermediate session or session it continues, and
 * the options for the session it mints or extends. Blank tokens count as absent. Immutable.
 */
public record SessionArguments(
        String intermediateSessionToken,
        String sessionToken,
        String sessionJwt,
        Integer sessionDurationMinutes,
        Map<String, Object> sessionCustomClaims) {

    public SessionArguments {
        intermediateSessionToken = blankToNull(intermediateSessionToken);
        sessionToken = blankToNull(sessionToken);
        sessionJwt = blankToNull(sessionJwt);
        if (sessionDurationMinutes != null) {
            SessionDurations.validated(sessionDurationMinutes);
        }
    }

    /** Only the tokens, for calls that take no session options (send, create). */
    public static SessionArguments tokens(String intermediateSessionToken, String sessionToken, String sessionJwt) {
        return new SessionArguments(intermediateSessionToken, sessionToken, sessionJwt, null, null);
    }

    /**
     * An MFA completion continues exactly one thing.
     *
     * @throws ApiException no_session_arguments, too_many_session_arguments
     */
    public SessionArguments requireExactlyOne() {
        if (count() == 0) {
            throw new ApiException(
                    ErrorType.NO_SESSION_ARGUMENTS,
                    "Pass one of intermediate_session_token, session_token and session_jwt.");
        }
        return requireAtMostOne();
    }

    /** @throws ApiException too_many_session_arguments */
    public SessionArguments requireAtMostOne() {
        if (count() > 1) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS,
                    "Pass only one of intermediate_session_token, session_token and session_jwt.");
        }
        return this;
    }

    public boolean hasIntermediateSession() {
        return intermediateSessionToken != null;
    }

    public boolean hasSession() {
        return sessionToken != null || sessionJwt != null;
    }

    private int count() {
        return (intermediateSessionToken == null ? 0 : 1)
                + (sessionToken == null ? 0 : 1)
                + (sessionJwt == null ? 0 : 1);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
