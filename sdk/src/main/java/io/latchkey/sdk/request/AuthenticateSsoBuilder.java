package io.latchkey.sdk.request;

import io.latchkey.api.sso.SSOAuthenticateRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@code POST /v1/b2b/sso/authenticate} request from the {@code token} query parameter
 * of the SSO login's redirect ({@code stytch_token_type=sso}).
 *
 * <p>Every setter sets the same-named field of {@link SSOAuthenticateRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class AuthenticateSsoBuilder {
    private final String ssoToken;
    private String pkceCodeVerifier;
    private String sessionToken;
    private String sessionJwt;
    private Integer sessionDurationMinutes;
    private Map<String, Object> sessionCustomClaims;
    private String locale;
    private String intermediateSessionToken;
    private String telemetryId;

    AuthenticateSsoBuilder(String ssoToken) {
        this.ssoToken = Objects.requireNonNull(ssoToken, "ssoToken");
    }

    /** Sets {@code pkce_code_verifier}: required when the login was started with a challenge. */
    public AuthenticateSsoBuilder pkceCodeVerifier(String pkceCodeVerifier) {
        this.pkceCodeVerifier = pkceCodeVerifier;
        return this;
    }

    /** Sets {@code session_token}: the session the login adds its factor to. */
    public AuthenticateSsoBuilder sessionToken(String sessionToken) {
        this.sessionToken = sessionToken;
        return this;
    }

    /** Sets {@code session_jwt}. */
    public AuthenticateSsoBuilder sessionJwt(String sessionJwt) {
        this.sessionJwt = sessionJwt;
        return this;
    }

    /** Sets {@code session_duration_minutes}. */
    public AuthenticateSsoBuilder sessionDurationMinutes(int sessionDurationMinutes) {
        this.sessionDurationMinutes = sessionDurationMinutes;
        return this;
    }

    /** Sets {@code session_custom_claims}; copied. A null value is kept: it deletes that key. */
    public AuthenticateSsoBuilder sessionCustomClaims(Map<String, Object> sessionCustomClaims) {
        this.sessionCustomClaims = Collections.unmodifiableMap(new LinkedHashMap<>(sessionCustomClaims));
        return this;
    }

    /** Sets {@code locale}. */
    public AuthenticateSsoBuilder locale(String locale) {
        this.locale = locale;
        return this;
    }

    /** Sets {@code intermediate_session_token}. */
    public AuthenticateSsoBuilder intermediateSessionToken(String intermediateSessionToken) {
        this.intermediateSessionToken = intermediateSessionToken;
        return this;
    }

    /** Sets {@code telemetry_id}. */
    public AuthenticateSsoBuilder telemetryId(String telemetryId) {
        this.telemetryId = telemetryId;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public SSOAuthenticateRequest build() {
        return new SSOAuthenticateRequest(
                ssoToken,
                pkceCodeVerifier,
                sessionToken,
                sessionJwt,
                sessionDurationMinutes,
                sessionCustomClaims,
                locale,
                intermediateSessionToken,
                telemetryId);
    }
}
