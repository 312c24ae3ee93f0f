package io.latchkey.server.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failures per key (a client address) counted in this node's memory, in fixed windows. For
 * refusals that must stay cheap: counting them in the shared table would cost the database write
 * the limit is there to spare. Each node counts on its own, so N nodes allow N times the limit.
 * Thread-safe. Bounded: past {@link #MAX} keys, finished windows are dropped, then everything.
 */
public final class LocalFailureCounter {
    private static final int MAX = 100_000;

    private final int limit;
    private final Duration window;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant end, int failures) {}

    public LocalFailureCounter(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** True when {@code key} has used up its failures in the current window. */
    public boolean isOverLimit(String key, Instant now) {
        Window w = windows.get(key);
        return w != null && now.isBefore(w.end) && w.failures >= limit;
    }

    /** Counts one failure of {@code key}. */
    public void fail(String key, Instant now) {
        if (windows.size() >= MAX && !windows.containsKey(key)) {
            windows.values().removeIf(w -> !now.isBefore(w.end));
            if (windows.size() >= MAX) {
                windows.clear();
            }
        }
        windows.merge(
                key,
                new Window(now.plus(window), 1),
                (old, first) -> now.isBefore(old.end) ? new Window(old.end, old.failures + 1) : first);
    }
}
