package io.latchkey.server.ratelimit;

import io.latchkey.server.config.RateLimit;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.http.RequestAdmission;
import io.latchkey.server.project.Project;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-project request budget without a database write per request: a node leases a block of
 * requests from the project's shared counter with one conditional UPDATE and spends it from
 * memory; the next block is leased when it is used up. The shared counter never hands out more
 * than the limit in a window, so all nodes together admit at most the limit per window; a node
 * may refuse while the others still hold unspent leases (at most {@code block - 1} each), and
 * those unspent requests lapse with the window. Refusals are answered from memory until the
 * window ends. Thread-safe.
 */
public final class ProjectRequestBudget implements RequestAdmission {
    private final RateLimitService limits;
    private final Clock clock;
    private final RateLimit budget;
    private final long block;
    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();

    public ProjectRequestBudget(RateLimitService limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.budget = limits.limits().projectRequests();
        this.block = Math.min(limits.limits().projectLeaseBlock(), Math.max(1, budget.count()));
    }

    @Override
    public void admit(Project project) {
        if (budget.isOff()) {
            return;
        }
        Lease lease = leases.computeIfAbsent(project.projectId(), id -> new Lease());
        if (lease.tryTake(clock.millis())) {
            return;
        }
        // One thread per project per node leases; the others wait for its block.
        synchronized (lease) {
            long now = clock.millis();
            if (lease.tryTake(now)) {
                return;
            }
            if (lease.isSpentUntil(now)) {
                throw refusal(lease.until, now);
            }
            RateLimitService.Grant grant = limits.leaseProjectRequests(project.projectId(), block);
            lease.refill(grant.granted() - 1, grant.until().toEpochMilli());
            if (grant.granted() == 0) {
                throw refusal(lease.until, now);
            }
        }
    }

    private ApiException refusal(long until, long now) {
        limits.refused(CounterKind.PROJECT_REQUESTS);
        return RateLimitService.refusal(
                "This project has used up its request budget.", Instant.ofEpochMilli(until), Instant.ofEpochMilli(now));
    }

    /** This node's share of one project's budget: requests left, valid until the window ends. */
    private static final class Lease {
        private final AtomicLong remaining = new AtomicLong(-1);
        private volatile boolean spent;
        private volatile long until;

        boolean tryTake(long now) {
            return now < until && remaining.getAndDecrement() > 0;
        }

        /** True when the shared window is spent and this node already knows it. */
        boolean isSpentUntil(long now) {
            return spent && now < until;
        }

        void refill(long requests, long validUntil) {
            // The count is set before the deadline, so no thread takes from a block it cannot see.
            remaining.set(Math.max(requests, -1));
            spent = requests < 0;
            until = validUntil;
        }
    }
}
