package io.latchkey.server.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed message again, and when to stop. Exponential backoff (1 s, 2 s, 4 s, ...)
 * capped at five minutes, each delay shortened by up to a quarter at random so messages that
 * failed together (an SMTP outage) do not all come back in the same second. A message is given
 * up after a day or {@link #MAX_ATTEMPTS} attempts: by then its link has long expired.
 * Thread-safe.
 */
final class RetryPolicy {
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(5);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    // A day of five-minute retries, plus the ramp; a backstop should the clock misbehave.
    static final int MAX_ATTEMPTS = 300;

    private RetryPolicy() {}

    /** The delay after the {@code attempts}-th failed attempt (1 for the first failure). */
    static Duration delayAfter(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        long millis = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << doublings);
        long jitter = ThreadLocalRandom.current().nextLong(millis / 4 + 1);
        return Duration.ofMillis(millis - jitter);
    }

    /** True when a message that has just failed for the {@code attempts}-th time should stop. */
    static boolean givesUp(int attempts, Instant createdAt, Instant now) {
        return attempts >= MAX_ATTEMPTS || !now.isBefore(createdAt.plus(GIVE_UP_AFTER));
    }
}
