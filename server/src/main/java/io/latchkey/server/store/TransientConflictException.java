package io.latchkey.server.store;

/**
 * The database aborted a transaction because it collided with a concurrent one (PostgreSQL
 * deadlock or serialization failure). Nothing of it was applied; {@link Database#inTransaction}
 * runs the work again, and the rerun sees what the other transaction committed.
 */
public final class TransientConflictException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public TransientConflictException(Throwable cause) {
        super("transaction collided with a concurrent one", cause);
    }
}
