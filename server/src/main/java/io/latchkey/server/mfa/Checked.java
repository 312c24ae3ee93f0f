package io.latchkey.server.mfa;

import io.latchkey.server.core.ApiException;

/**
 * The outcome of a transaction that checked a guess: a value, or the refusal to throw once the
 * transaction has committed. Throwing inside would roll back what a wrong guess must leave behind
 * (the spent attempt, the code's failure count, the lock).
 */
public record Checked<T>(T value, ApiException refusal) {
    public static <T> Checked<T> ok(T value) {
        return new Checked<>(value, null);
    }

    /** A guess that was checked and refused (so it counts against the member's passcodes). */
    public static <T> Checked<T> refused(ApiException refusal) {
        return new Checked<>(null, refusal.afterCodeCheck());
    }

    /** The value; throws the refusal. */
    public T orThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return value;
    }
}
