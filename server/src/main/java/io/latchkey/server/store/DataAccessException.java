package io.latchkey.server.store;

/**
 * An unexpected database failure. Unchecked so feature code need not thread SQLException
 * through every signature; the web layer turns it into a logged 500 that reveals nothing.
 */
public class DataAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
