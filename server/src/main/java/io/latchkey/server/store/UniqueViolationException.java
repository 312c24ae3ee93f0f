package io.latchkey.server.store;

/**
 * A write hit a unique constraint. Stores catch it (or let services catch it) to translate it
 * into the contract's duplicate error; the constraint is the source of truth under concurrency,
 * a prior SELECT is only a friendlier first check.
 */
public final class UniqueViolationException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public UniqueViolationException(Throwable cause) {
        super("unique constraint violated", cause);
    }
}
