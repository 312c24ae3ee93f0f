package io.latchkey.server.nodes;

import io.latchkey.server.testing.ApiResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A round-robin load balancer in front of the cluster, as the test's clients see it: each call
 * goes to the next node in turn, skipping nodes marked down (what a health check would do). It
 * counts, per node and per phase (before the stop began, after), what was sent, what succeeded
 * and what failed. A failure is a transport error or a 5xx: the request may or may not have been
 * applied, and the caller decides how to check and retry it.
 */
final class Balancer {
    static final int BEFORE = 0;
    static final int AFTER = 1;

    /** One request's outcome: the node that got it, and its answer or null when none came. */
    record Call(int node, ApiResponse response) {
        boolean failed() {
            return response == null || response.status() >= 500;
        }

        boolean ok() {
            return !failed() && response.status() == 200;
        }

        int status() {
            return response == null ? 0 : response.status();
        }
    }

    private final Cluster cluster;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray down;
    private volatile int phase = BEFORE;
    private final AtomicLongArray sent;
    private final AtomicLongArray succeeded;
    private final AtomicLongArray refused;
    private final AtomicLongArray failed;

    Balancer(Cluster cluster) {
        this.cluster = cluster;
        this.down = new AtomicIntegerArray(cluster.size());
        this.sent = new AtomicLongArray(cluster.size() * 2);
        this.succeeded = new AtomicLongArray(cluster.size() * 2);
        this.refused = new AtomicLongArray(cluster.size() * 2);
        this.failed = new AtomicLongArray(cluster.size() * 2);
    }

    /** From now on, counts go to the after-the-stop phase. */
    void stopBegins() {
        phase = AFTER;
    }

    void markDown(int node) {
        down.set(node, 1);
    }

    /** The next node in turn that is not marked down. */
    int pick() {
        while (true) {
            int node = Math.floorMod(next.getAndIncrement(), cluster.size());
            if (down.get(node) == 0) {
                return node;
            }
        }
    }

    Call post(String path, Object body) {
        return send(pick(), "POST", path, body);
    }

    Call get(String path) {
        return send(pick(), "GET", path, null);
    }

    Call put(String path, Object body) {
        return send(pick(), "PUT", path, body);
    }

    Call send(int node, String method, String path, Object body) {
        int slot = phase * cluster.size() + node;
        sent.incrementAndGet(slot);
        Call call;
        try {
            call = new Call(node, cluster.client(node).send(method, path, body, Map.of()));
        } catch (RuntimeException e) {
            // No answer: the node went away under the request, or refused the connection.
            call = new Call(node, null);
        }
        if (call.failed()) {
            failed.incrementAndGet(slot);
        } else if (call.status() < 300) {
            succeeded.incrementAndGet(slot);
        } else {
            refused.incrementAndGet(slot);
        }
        return call;
    }

    long sent(int phase, int node) {
        return sent.get(phase * cluster.size() + node);
    }

    long succeeded(int phase, int node) {
        return succeeded.get(phase * cluster.size() + node);
    }

    long refused(int phase, int node) {
        return refused.get(phase * cluster.size() + node);
    }

    long failed(int phase, int node) {
        return failed.get(phase * cluster.size() + node);
    }
}
