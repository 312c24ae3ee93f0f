package io.latchkey.example.store;

/** The example's own database failed; the message says which operation, never with values. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
