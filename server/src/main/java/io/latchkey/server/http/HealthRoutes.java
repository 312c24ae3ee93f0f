package io.latchkey.server.http;

import io.javalin.config.RoutesConfig;
import io.latchkey.server.store.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Liveness, readiness and Prometheus metrics: unauthenticated, for load balancers and scrapers. */
public final class HealthRoutes implements RouteGroup {
    private final Database db;
    private final PrometheusMeterRegistry meters;

    private final boolean metrics;

    public HealthRoutes(Database db, PrometheusMeterRegistry meters) {
        this(db, meters, true);
    }

    /** With {@code metrics} false, only the probes: /metrics is not served. */
    public HealthRoutes(Database db, PrometheusMeterRegistry meters, boolean metrics) {
        this.db = db;
        this.meters = meters;
        this.metrics = metrics;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> ctx.json(java.util.Map.of("status", "ok")));
        routes.get("/readyz", ctx -> {
            boolean ready = db.isReachable();
            ctx.status(ready ? 200 : 503).json(java.util.Map.of("status", ready ? "ready" : "database unreachable"));
        });
        if (!metrics) {
            return;
        }
        routes.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(meters.scrape()));
    }
}
