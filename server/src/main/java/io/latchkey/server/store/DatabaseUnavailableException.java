package io.latchkey.server.store;

/**
 * The database could not be reached (refused, reset, restarting, or no pooled connection within
 * the pool's timeout): the request changed nothing it can know of, and a retry may succeed. The
 * web layer answers it 503 with Retry-After rather than 500, because clients and the official SDKs
 * read a 503 as "try again" and any other 5xx as a bug.
 */
public final class DatabaseUnavailableException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
