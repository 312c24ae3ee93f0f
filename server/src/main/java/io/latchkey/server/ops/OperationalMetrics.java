package io.latchkey.server.ops;

import io.latchkey.server.mail.MailService;
import io.latchkey.server.mail.MailStore;
import io.latchkey.server.session.SigningKeyService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The gauges worth alerting on that live in the database: the outbox's depth and the age of its
 * oldest message (mail not leaving), and the age of the least recently rotated signing key. Read
 * at scrape time, at most once per few seconds whatever the number of scrapers; while the
 * database is unreachable they read NaN (the outage has its own signal: /readyz and the 503s).
 */
public final class OperationalMetrics {
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private OperationalMetrics() {}

    /** The gauges hold their readers strongly: nothing else does, and a weak one reads NaN. */
    public static void register(MeterRegistry meters, MailService mail, SigningKeyService keys, Clock clock) {
        Cached<MailStore.Backlog> backlog = new Cached<>(mail::backlog, clock);
        Cached<Optional<Instant>> oldestKey = new Cached<>(keys::oldestCurrentKeyCreatedAt, clock);
        Gauge.builder(
                        "latchkey.mail.outbox.depth",
                        backlog,
                        b -> b.get().map(x -> (double) x.queued()).orElse(Double.NaN))
                .description("Mail and SMS messages queued in the outbox, all projects")
                .strongReference(true)
                .register(meters);
        Gauge.builder(
                        "latchkey.mail.outbox.oldest.age",
                        backlog,
                        b -> b.get()
                                .map(x -> x.oldestQueuedAt() == null ? 0.0 : secondsSince(x.oldestQueuedAt(), clock))
                                .orElse(Double.NaN))
                .description("Seconds since the oldest queued outbox message was queued (0: none queued)")
                .baseUnit("seconds")
                .strongReference(true)
                .register(meters);
        Gauge.builder(
                        "latchkey.signing_key.age",
                        oldestKey,
                        k -> k.get()
                                .map(o -> o.map(at -> secondsSince(at, clock)).orElse(0.0))
                                .orElse(Double.NaN))
                .description("Seconds since the least recently rotated project's current signing key was made")
                .baseUnit("seconds")
                .strongReference(true)
                .register(meters);
    }

    private static double secondsSince(Instant at, Clock clock) {
        return Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
    }

    /** A value read at most once per {@link #FRESH_FOR}; empty when the read failed. */
    private static final class Cached<T> {
        private final Supplier<T> read;
        private final Clock clock;
        private Instant readAt = Instant.MIN;
        private Optional<T> value = Optional.empty();

        Cached(Supplier<T> read, Clock clock) {
            this.read = read;
            this.clock = clock;
        }

        synchronized Optional<T> get() {
            Instant now = clock.instant();
            if (Duration.between(readAt, now).compareTo(FRESH_FOR) >= 0) {
                try {
                    value = Optional.ofNullable(read.get());
                } catch (RuntimeException e) {
                    value = Optional.empty();
                }
                readAt = now;
            }
            return value;
        }
    }
}
