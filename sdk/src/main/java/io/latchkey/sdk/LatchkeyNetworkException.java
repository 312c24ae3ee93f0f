package io.latchkey.sdk;

/**
 * No answer came back: the connection was refused or reset, the host is unknown, or the thread
 * was interrupted while waiting. The request may or may not have reached the server, so a
 * non-idempotent call (POST, PUT, DELETE) may have taken effect; the SDK never repeats those on
 * its own. Idempotent GETs were already retried before this is thrown.
 *
 * <p>Not final: {@link LatchkeyTimeoutException} is the timeout case, so one catch covers both.
 */
public sealed class LatchkeyNetworkException extends LatchkeyException permits LatchkeyTimeoutException {

    public LatchkeyNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
