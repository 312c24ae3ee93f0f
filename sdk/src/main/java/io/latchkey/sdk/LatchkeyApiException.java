package io.latchkey.sdk;

import java.util.Map;

/**
 * The server answered with an error. The fields are the contract's error body; when the body was
 * not one (a proxy's HTML page, an empty 502), {@code errorType} is {@value #UNREADABLE_RESPONSE}
 * and {@code errorMessage} says what arrived.
 *
 * <p>Immutable and thread-safe.
 */
public final class LatchkeyApiException extends LatchkeyException {
    /** The {@link #errorType()} of an answer whose body could not be read as the contract's JSON. */
    public static final String UNREADABLE_RESPONSE = "unreadable_response";

    private final int statusCode;
    private final String errorType;
    private final String errorMessage;
    private final String errorUrl;
    private final String requestId;
    private final Map<String, Object> errorDetails;

    /**
     * @param statusCode the HTTP status
     * @param errorType the contract's {@code error_type}, never null
     * @param errorMessage human readable, never null
     * @param errorUrl documentation link, may be null
     * @param requestId the server's request id, may be null
     * @param errorDetails extra structured details, may be null
     */
    public LatchkeyApiException(
            int statusCode,
            String errorType,
            String errorMessage,
            String errorUrl,
            String requestId,
            Map<String, Object> errorDetails) {
        super(
                statusCode + " " + errorType + ": " + errorMessage
                        + (requestId == null ? "" : " (request_id " + requestId + ")"),
                null);
        this.statusCode = statusCode;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.errorUrl = errorUrl;
        this.requestId = requestId;
        this.errorDetails = errorDetails == null ? null : Map.copyOf(errorDetails);
    }

    /** The HTTP status, equal to the body's {@code status_code}. */
    public int statusCode() {
        return statusCode;
    }

    /** The contract's {@code error_type}, e.g. {@code organization_not_found}; never null. */
    public String errorType() {
        return errorType;
    }

    /** Human readable; never null. */
    public String errorMessage() {
        return errorMessage;
    }

    /** A link to the error's documentation; may be null. */
    public String errorUrl() {
        return errorUrl;
    }

    /** The server's request id, to quote when reporting; may be null. */
    public String requestId() {
        return requestId;
    }

    /** Structured details some errors carry; may be null. */
    public Map<String, Object> errorDetails() {
        return errorDetails;
    }
}
