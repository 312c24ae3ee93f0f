package io.latchkey.server.session;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket of database reads, by the service's clock: {@code burst} at once, refilled at
 * {@code perSecond}. Thread-safe.
 */
final class ReadBudget {
    private final int burst;
    private final long nanosPerRead;
    private double tokens;
    private Instant last;

    ReadBudget(int burst, int perSecond) {
        this.burst = burst;
        this.nanosPerRead = Duration.ofSeconds(1).toNanos() / perSecond;
        this.tokens = burst;
    }

    /** Takes one read if the budget has one. */
    synchronized boolean tryTake(Instant now) {
        if (last != null && now.isAfter(last)) {
            tokens = Math.min(
                    burst, tokens + (double) Duration.between(last, now).toNanos() / nanosPerRead);
        }
        if (last == null || now.isAfter(last)) {
            last = now;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
