package io.latchkey.sdk.request;

import io.latchkey.api.session.AuthenticateSessionRequest;
import io.latchkey.api.session.AuthorizationCheck;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@code POST /v1/b2b/sessions/authenticate} request; set exactly one of {@code sessionToken} and {@code sessionJwt}.
 *
 * <p>Every setter sets the same-named field of {@link AuthenticateSessionRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class AuthenticateSessionBuilder {
    private String sessionToken;
    private String sessionJwt;
    private Integer sessionDurationMinutes;
    private Map<String, Object> sessionCustomClaims;
    private AuthorizationCheck authorizationCheck;

    AuthenticateSessionBuilder() {}

    /** Sets {@code session_token}. */
    public AuthenticateSessionBuilder sessionToken(String sessionToken) {
        this.sessionToken = sessionToken;
        return this;
    }

    /** Sets {@code session_jwt}. */
    public AuthenticateSessionBuilder sessionJwt(String sessionJwt) {
        this.sessionJwt = sessionJwt;
        return this;
    }

    /** Sets {@code session_duration_minutes}. */
    public AuthenticateSessionBuilder sessionDurationMinutes(int sessionDurationMinutes) {
        this.sessionDurationMinutes = sessionDurationMinutes;
        return this;
    }

    /** Sets {@code session_custom_claims}; copied. A null value is kept: it deletes that key. */
    public AuthenticateSessionBuilder sessionCustomClaims(Map<String, Object> sessionCustomClaims) {
        this.sessionCustomClaims = Collections.unmodifiableMap(new LinkedHashMap<>(sessionCustomClaims));
        return this;
    }

    /** Sets {@code authorization_check}. */
    public AuthenticateSessionBuilder authorizationCheck(AuthorizationCheck authorizationCheck) {
        this.authorizationCheck = authorizationCheck;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public AuthenticateSessionRequest build() {
        return new AuthenticateSessionRequest(
                sessionToken, sessionJwt, sessionDurationMinutes, sessionCustomClaims, authorizationCheck);
    }
}
