package io.latchkey.server.sso.saml;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;

/**
 * Objects that are costly to make and not thread-safe (an XML parser, a schema validator), lent
 * to one caller at a time and kept for the next: each request runs on a new virtual thread, so a
 * ThreadLocal would make one per request. One that failed is not given back (its state after a
 * failure is not relied on). Bounded; thread-safe.
 */
final class Lent<T> {
    private final ArrayBlockingQueue<T> idle;
    private final Supplier<T> make;

    Lent(int max, Supplier<T> make) {
        this.idle = new ArrayBlockingQueue<>(max);
        this.make = make;
    }

    /** An idle one, or a new one when none is idle. */
    T take() {
        T t = idle.poll();
        return t != null ? t : make.get();
    }

    /** Back for the next caller, after a use that succeeded (dropped when enough are idle). */
    void giveBack(T t) {
        idle.offer(t);
    }
}
