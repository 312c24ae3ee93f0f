package io.latchkey.server.ratelimit;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node learned from the shared counters: keys whose window is full, until when. It
 * lets a node refuse a blocked client without touching the database, which keeps refused floods
 * cheap and the session hot path free of reads. Thread-safe. Bounded: expired entries are dropped
 * when it grows, and past {@link #MAX} it forgets everything (the database still holds the truth).
 */
final class RecentRefusals {
    private static final int MAX = 100_000;

    private final ConcurrentHashMap<String, Instant> until = new ConcurrentHashMap<>();

    boolean isEmpty() {
        return until.isEmpty();
    }

    /** When {@code key} may be tried again, or null when this node knows of no refusal. */
    Instant refusedUntil(String key, Instant now) {
        Instant end = until.get(key);
        if (end == null) {
            return null;
        }
        if (!end.isAfter(now)) {
            until.remove(key, end);
            return null;
        }
        return end;
    }

    void refuse(String key, Instant end, Instant now) {
        if (until.size() >= MAX) {
            until.values().removeIf(e -> !e.isAfter(now));
            if (until.size() >= MAX) {
                until.clear();
            }
        }
        until.put(key, end);
    }
}
