package io.latchkey.sdk;

/**
 * Every failure the SDK reports. Unchecked, like the JDK's {@code UncheckedIOException}: most
 * callers let it reach their web framework's error handler, and those who care catch one of the
 * three kinds:
 *
 * <ul>
 *   <li>{@link LatchkeyApiException}: the server answered with an error (4xx/5xx, the contract's
 *       error body), or with a body the SDK could not read;
 *   <li>{@link LatchkeyNetworkException}: no answer (connection refused, reset, DNS), with its
 *       subtype {@link LatchkeyTimeoutException} when a timeout elapsed;
 *   <li>{@link LatchkeyJwtException}: a session JWT failed local verification.
 * </ul>
 */
public abstract sealed class LatchkeyException extends RuntimeException
        permits LatchkeyApiException, LatchkeyNetworkException, LatchkeyJwtException {

    LatchkeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
