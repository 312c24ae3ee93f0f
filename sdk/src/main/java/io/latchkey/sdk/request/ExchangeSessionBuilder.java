package io.latchkey.sdk.request;

import io.latchkey.api.session.ExchangeSessionRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@code POST /v1/b2b/sessions/exchange} request; set exactly one of {@code sessionToken} and {@code sessionJwt}.
 *
 * <p>Every setter sets the same-named field of {@link ExchangeSessionRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class ExchangeSessionBuilder {
    private final String organizationId;
    private String sessionToken;
    private String sessionJwt;
    private Integer sessionDurationMinutes;
    private Map<String, Object> sessionCustomClaims;
    private String locale;
    private String telemetryId;

    ExchangeSessionBuilder(String organizationId) {
        this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
    }

    /** Sets {@code session_token}. */
    public ExchangeSessionBuilder sessionToken(String sessionToken) {
        this.sessionToken = sessionToken;
        return this;
    }

    /** Sets {@code session_jwt}. */
    public ExchangeSessionBuilder sessionJwt(String sessionJwt) {
        this.sessionJwt = sessionJwt;
        return this;
    }

    /** Sets {@code session_duration_minutes}. */
    public ExchangeSessionBuilder sessionDurationMinutes(int sessionDurationMinutes) {
        this.sessionDurationMinutes = sessionDurationMinutes;
        return this;
    }

    /** Sets {@code session_custom_claims}; copied. A null value is kept: it deletes that key. */
    public ExchangeSessionBuilder sessionCustomClaims(Map<String, Object> sessionCustomClaims) {
        this.sessionCustomClaims = Collections.unmodifiableMap(new LinkedHashMap<>(sessionCustomClaims));
        return this;
    }

    /** Sets {@code locale}. */
    public ExchangeSessionBuilder locale(String locale) {
        this.locale = locale;
        return this;
    }

    /** Sets {@code telemetry_id}. */
    public ExchangeSessionBuilder telemetryId(String telemetryId) {
        this.telemetryId = telemetryId;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public ExchangeSessionRequest build() {
        return new ExchangeSessionRequest(
                organizationId,
                sessionToken,
                sessionJwt,
                sessionDurationMinutes,
                sessionCustomClaims,
                locale,
                telemetryId);
    }
}
