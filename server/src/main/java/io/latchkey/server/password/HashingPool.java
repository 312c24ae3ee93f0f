package io.latchkey.server.password;

import io.latchkey.server.config.PasswordHashing;
import io.latchkey.server.core.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that hash passwords. Argon2 costs tens of milliseconds and megabytes per call, so
 * the work is confined here: at most {@code threads} hashes run at once (bounding CPU and memory)
 * and at most {@code queue} wait; a hash beyond that is refused at once with 429 rather than
 * parking a request thread, so a flood of password attempts cannot take the threads, connections
 * and cores that session checks need. Thread-safe.
 */
public final class HashingPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final Counter hashes;

    /** {@code meters} gets latchkey_password_hashes_total: hashes computed (checks and new ones). */
    public HashingPool(PasswordHashing settings, MeterRegistry meters) {
        this.hashes = Counter.builder("latchkey.password.hashes")
                .description("Password hashes computed on the hashing pool (checks, dummy checks and new hashes)")
                .register(meters);
        BlockingQueue<Runnable> queue =
                settings.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queue());
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                settings.threads(),
                settings.threads(),
                0,
                TimeUnit.MILLISECONDS,
                queue,
                r -> {
                    Thread t = new Thread(r, "password-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code work} on a hashing thread and waits for it.
     *
     * @throws ApiException too_many_requests (Retry-After 1 s) when every thread and queue slot is taken
     */
    <T> T run(Callable<T> work) {
        Future<T> future;
        try {
            future = executor.submit(() -> {
                hashes.increment();
                return work.call();
            });
        } catch (RejectedExecutionException e) {
            throw ApiException.tooManyRequests(
                    "The server is busy checking passwords. Retry after 1 seconds.", Duration.ofSeconds(1));
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a password", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
