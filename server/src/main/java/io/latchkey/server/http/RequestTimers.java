package io.latchkey.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code latchkey.http.requests} timer of each method, route and status, built once and then
 * looked up: registering through Micrometer's builder on every request (tags sorted, an id and a
 * builder made, the registry's map searched) was a measurable share of a session check's
 * allocations. Routes are templates and statuses a small set, so the map stays small.
 * Thread-safe.
 */
final class RequestTimers {
    private final MeterRegistry meters;
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

    RequestTimers(MeterRegistry meters) {
        this.meters = meters;
    }

    private record Key(String method, String route, int status) {}

    Timer timer(String method, String route, int status) {
        return timers.computeIfAbsent(
                new Key(method, route, status),
                k -> Timer.builder("latchkey.http.requests")
                        .description("HTTP requests by route and status")
                        .tag("method", k.method())
                        .tag("route", k.route())
                        .tag("status", Integer.toString(k.status()))
                        // A handful of buckets at the latencies an SLO is written in, not Micrometer's ~67:
                        // per route and status they are most of what a scrape carries.
                        .serviceLevelObjectives(ApiServer.SLO_BUCKETS)
                        .register(meters));
    }
}
