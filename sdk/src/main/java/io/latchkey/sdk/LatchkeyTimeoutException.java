package io.latchkey.sdk;

/**
 * A timeout elapsed: connecting took longer than the connect timeout, or the answer took longer
 * than the request timeout (see {@link B2BClient.Builder}). As with any network failure, a
 * non-idempotent call may still have taken effect on the server.
 */
public final class LatchkeyTimeoutException extends LatchkeyNetworkException {

    public LatchkeyTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
