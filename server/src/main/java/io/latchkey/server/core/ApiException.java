package io.latchkey.server.core;

import java.time.Duration;
import java.util.Map;

/**
 * The one exception feature code throws for a refusal the client should see. The web layer
 * renders it in the contract's error shape; its message must never carry a secret, SQL or a
 * stack trace, because it goes to the client verbatim.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final transient Map<String, Object> details;
    private final transient Duration retryAfter;
    private final boolean codeChecked;

    public ApiException(ErrorType type, String message) {
        this(type, message, null);
    }

    public ApiException(ErrorType type, String message, Map<String, Object> details) {
        this(type, message, details, null);
    }

    private ApiException(ErrorType type, String message, Map<String, Object> details, Duration retryAfter) {
        this(type, message, details, retryAfter, false);
    }

    private ApiException(
            ErrorType type, String message, Map<String, Object> details, Duration retryAfter, boolean codeChecked) {
        super(message, null, false, false);
        this.type = type;
        this.details = details;
        this.retryAfter = retryAfter;
        this.codeChecked = codeChecked;
    }

    /**
     * This refusal, marked as the outcome of checking a passcode against a member: only such
     * failures count against the member's passcodes, so that nobody can spend a member's
     * allowance without reaching the code check (with an unknown intermediate session, say).
     */
    public ApiException afterCodeCheck() {
        return codeChecked ? this : new ApiException(type, getMessage(), details, retryAfter, true);
    }

    /** True when the refusal came from checking a passcode (see {@link #afterCodeCheck}). */
    public boolean codeChecked() {
        return codeChecked;
    }

    /**
     * A rate limit refused the request: {@code too_many_requests} (429), rendered with a
     * {@code Retry-After} header of {@code retryAfter} rounded up to whole seconds (at least 1).
     */
    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        return new ApiException(ErrorType.TOO_MANY_REQUESTS, message, null, retryAfter);
    }

    /**
     * The server cannot answer now but may soon (its database is unreachable):
     * {@code service_unavailable} (503) with a {@code Retry-After} header.
     */
    public static ApiException serviceUnavailable(String message, Duration retryAfter) {
        return new ApiException(ErrorType.SERVICE_UNAVAILABLE, message, null, retryAfter);
    }

    public ErrorType type() {
        return type;
    }

    /** Optional structured detail rendered as {@code error_details}; may be null. */
    public Map<String, Object> details() {
        return details;
    }

    /** Whole seconds until a retry can succeed, for the Retry-After header; null when not said. */
    public Long retryAfterSeconds() {
        if (retryAfter == null) {
            return null;
        }
        long millis = Math.max(0, retryAfter.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }
}
