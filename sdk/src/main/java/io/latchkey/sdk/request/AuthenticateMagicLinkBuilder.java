package io.latchkey.sdk.request;

import io.latchkey.api.magiclink.AuthenticateMagicLinkRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@code POST /v1/b2b/magic_links/authenticate} request from the {@code token} query parameter of the clicked link.
 *
 * <p>Every setter sets the same-named field of {@link AuthenticateMagicLinkRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class AuthenticateMagicLinkBuilder {
    private final String magicLinksToken;
    private String token;
    private String pkceCodeVerifier;
    private String sessionToken;
    private String sessionJwt;
    private Integer sessionDurationMinutes;
    private Map<String, Object> sessionCustomClaims;
    private String locale;
    private String intermediateSessionToken;
    private String telemetryId;

    AuthenticateMagicLinkBuilder(String magicLinksToken) {
        this.magicLinksToken = Objects.requireNonNull(magicLinksToken, "magicLinksToken");
    }

    /** Sets {@code pkce_code_verifier}. */
    public AuthenticateMagicLinkBuilder pkceCodeVerifier(String pkceCodeVerifier) {
        this.pkceCodeVerifier = pkceCodeVerifier;
        return this;
    }

    /** Sets {@code session_token}. */
    public AuthenticateMagicLinkBuilder sessionToken(String sessionToken) {
        this.sessionToken = sessionToken;
        return this;
    }

    /** Sets {@code session_jwt}. */
    public AuthenticateMagicLinkBuilder sessionJwt(String sessionJwt) {
        this.sessionJwt = sessionJwt;
        return this;
    }

    /** Sets {@code session_duration_minutes}. */
    public AuthenticateMagicLinkBuilder sessionDurationMinutes(int sessionDurationMinutes) {
        this.sessionDurationMinutes = sessionDurationMinutes;
        return this;
    }

    /** Sets {@code session_custom_claims}; copied. A null value is kept: it deletes that key. */
    public AuthenticateMagicLinkBuilder sessionCustomClaims(Map<String, Object> sessionCustomClaims) {
        this.sessionCustomClaims = Collections.unmodifiableMap(new LinkedHashMap<>(sessionCustomClaims));
        return this;
    }

    /** Sets {@code locale}. */
    public AuthenticateMagicLinkBuilder locale(String locale) {
        this.locale = locale;
        return this;
    }

    /** Sets {@code intermediate_session_token}. */
    public AuthenticateMagicLinkBuilder intermediateSessionToken(String intermediateSessionToken) {
        this.intermediateSessionToken = intermediateSessionToken;
        return this;
    }

    /** Sets {@code telemetry_id}. */
    public AuthenticateMagicLinkBuilder telemetryId(String telemetryId) {
        this.telemetryId = telemetryId;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public AuthenticateMagicLinkRequest build() {
        return new AuthenticateMagicLinkRequest(
                magicLinksToken,
                token,
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
