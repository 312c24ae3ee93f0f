package io.latchkey.server.mail;

import io.latchkey.server.config.Settings;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox. On each node a dispatcher thread claims due messages in batches (one
 * transaction per batch), a small pool of workers delivers them concurrently, each through a
 * {@link Mailer.Connection} it keeps open from one message to the next, and a recorder thread
 * writes the outcomes, all that have come in since its last write in one transaction. Failures
 * are retried per {@link RetryPolicy}; a message is never lost to an outage nor sent twice at
 * once by two nodes (a claim holds a lease in the row, and the outcome is written only under
 * that lease).
 *
 * <p>Delivery is at least once: a node that crashes after the SMTP server accepted a message but
 * before recording it sends that message again when its lease expires. The Message-ID stays the
 * same, so receiving servers can tell.
 *
 * <p>{@link #wake()} is called when a message is queued; thread-safe. Logs name message and
 * project ids, never a recipient or a body.
 */
public final class OutboxSender implements AutoCloseable {
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /**
     * How long a claim holds without renewal. Short, because it is also how long the mail a node
     * held when it crashed waits before another node (or the restarted one) sends it; every claim
     * a node holds (waiting for a worker, being sent, or its outcome waiting to be written) is
     * renewed every {@link #RENEW_EVERY}.
     */
    public static final Duration LEASE = Duration.ofSeconds(15);

    // In milliseconds: Duration.dividedBy goes through BigDecimal, whose first use (its tables
    // built) cost a start a few tens of milliseconds before the port opened.
    static final Duration RENEW_EVERY = Duration.ofMillis(LEASE.toMillis() / 3);
    static final Duration RETENTION = Duration.ofDays(30);
    private static final long PURGE_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);
    // A wake usually comes just before the queueing transaction commits; look again quickly.
    private static final long FIRST_RECHECK_MILLIS = 5;
    /** Most messages one claim takes, and most claimed but not yet recorded on this node. */
    static final int BATCH = 50;
    // A relay drops a connection left idle for minutes; close it first, and open it on demand.
    private static final long IDLE_CONNECTION_MILLIS = TimeUnit.SECONDS.toMillis(30);
    private static final long STOP_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(10);
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

    private final Database db;
    private final MailStore store;
    private final SecretBox box;
    private final Mailer mailer;
    private final Clock clock;
    private final boolean eraseBodies;
    private final int workerCount;
    private final OutcomeRecorder recorderTask;

    private final Object lock = new Object();
    private boolean signalled; // guarded by lock
    private volatile boolean running;
    private Thread dispatcher;
    private final List<Thread> workers = new ArrayList<>();
    private Thread recorder;
    private ClaimLeaseKeeper leaseKeeper;
    private long nextPurgeNanos = System.nanoTime();
    /** Claims this node holds and has not yet recorded an outcome for: message id -> claim token. */
    private final Map<String, String> held = new ConcurrentHashMap<>();

    /** Claimed and not yet recorded, so a node never holds more leases than it can work off. */
    private final Semaphore slots = new Semaphore(BATCH);

    private final BlockingQueue<OutboxClaim> work = new LinkedBlockingQueue<>();
    private final BlockingQueue<DeliveryOutcome> outcomes = new LinkedBlockingQueue<>();

    /** A sender with the default number of workers ({@link Settings#DEFAULT_MAIL_SENDERS}). */
    public OutboxSender(
            Database db,
            MailStore store,
            SecretBox box,
            Mailer mailer,
            Clock clock,
            MeterRegistry meters,
            boolean eraseBodies) {
        this(db, store, box, mailer, clock, meters, eraseBodies, Settings.DEFAULT_MAIL_SENDERS);
    }

    /**
     * @param eraseBodies true in production: a body is erased once its message is sent or given
     *     up, so tokens do not outlive their delivery; false in dev mode, for the dev mailbox
     * @param workers how many messages are handed to the mailer at once, each worker on a
     *     connection of its own; at least 1
     */
    public OutboxSender(
            Database db,
            MailStore store,
            SecretBox box,
            Mailer mailer,
            Clock clock,
            MeterRegistry meters,
            boolean eraseBodies,
            int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("at least one mail worker is needed");
        }
        this.db = db;
        this.store = store;
        this.box = box;
        this.mailer = mailer;
        this.clock = clock;
        this.eraseBodies = eraseBodies;
        this.workerCount = workers;
        this.recorderTask = new OutcomeRecorder(db, store, eraseBodies, POLL_INTERVAL, meters, outcomes, held, slots);
    }

    public synchronized void start() {
        if (dispatcher != null) {
            return;
        }
        running = true;
        leaseKeeper = ClaimLeaseKeeper.start(db, store, clock, held, LEASE, RENEW_EVERY);
        recorder = daemon(recorderTask, "latchkey-mail-recorder");
        for (int i = 0; i < workerCount; i++) {
            workers.add(daemon(this::work, "latchkey-mail-worker-" + i));
        }
        dispatcher = daemon(this::dispatch, "latchkey-mail-sender");
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Asks the sender to look at the outbox now rather than at its next poll. Never blocks. */
    public void wake() {
        synchronized (lock) {
            signalled = true;
            lock.notifyAll();
        }
    }

    /**
     * Stops claiming, lets the workers send what this node has claimed, records the outcomes, and
     * closes the connections. A send that outlasts the wait keeps its lease, and the message is
     * picked up again when the lease expires; a claimed message no worker started by then is
     * given back at once.
     */
    @Override
    public synchronized void close() {
        if (dispatcher == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        running = false;
        wake();
        join(dispatcher, deadline);
        for (int i = 0; i < workers.size(); i++) {
            work.add(OutboxClaim.END);
        }
        for (Thread worker : workers) {
            join(worker, deadline);
        }
        List<OutboxClaim> unstarted = new ArrayList<>();
        work.drainTo(unstarted);
        for (OutboxClaim claim : unstarted) {
            if (claim != OutboxClaim.END) {
                outcomes.add(new DeliveryOutcome(claim, DeliveryOutcome.Result.RELEASED, clock.instant(), null, null));
            }
        }
        outcomes.add(DeliveryOutcome.END);
        // The recorder gets its own few seconds: the outcomes are what keeps a message from
        // going out twice.
        join(recorder, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS));
        leaseKeeper.close();
        leaseKeeper = null;
        dispatcher = null;
        workers.clear();
        recorder = null;
    }

    private static void join(Thread thread, long deadlineNanos) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the dispatcher: claims

    private void dispatch() {
        long recheckMillis = 0; // > 0 while looking again quickly after a wake
        while (running) {
            long waitMillis = POLL_INTERVAL.toMillis();
            try {
                int handled = drain();
                purgeWhenDue();
                if (recheckMillis > 0) {
                    // After a wake, the message that caused it may commit just after this drain looked,
                    // whether or not the drain found other mail: look again soon, and keep looking soon
                    // while mail turns up. Back off once nothing does, down to the poll.
                    waitMillis = recheckMillis;
                    recheckMillis = handled > 0
                            ? FIRST_RECHECK_MILLIS
                            : recheckMillis * 2 < POLL_INTERVAL.toMillis() ? recheckMillis * 2 : 0;
                }
            } catch (RuntimeException e) {
                // Usually the database is unreachable; the mail is safe in the outbox meanwhile.
                LOG.warn("mail outbox unavailable, retrying in {}: {}", POLL_INTERVAL, OutcomeRecorder.describe(e));
                recheckMillis = 0;
            }
            try {
                if (awaitWake(waitMillis)) {
                    recheckMillis = FIRST_RECHECK_MILLIS;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean awaitWake(long millis) throws InterruptedException {
        synchronized (lock) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!signalled && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            boolean woke = signalled;
            signalled = false;
            return woke;
        }
    }

    /** Claims every message due now, as fast as the workers take them; returns how many. */
    int drain() {
        int handled = 0;
        while (running) {
            int want = freeSlots();
            if (want == 0) {
                return handled;
            }
            List<OutboxRow> rows;
            String claimToken = Tokens.newToken();
            try {
                Instant now = clock.instant();
                List<String> mine = List.copyOf(held.keySet());
                rows = db.inTransaction(
                        tx -> store.claimDue(tx, now, want, mailer.kinds(), mine, claimToken, now.plus(LEASE)));
            } catch (RuntimeException e) {
                slots.release(want);
                throw e;
            }
            for (OutboxRow row : rows) {
                held.put(row.messageId(), claimToken);
                work.add(new OutboxClaim(row, claimToken));
            }
            int unused = want - rows.size();
            if (unused >= 0) {
                slots.release(unused);
            } else {
                // More than asked for (the store's LIMIT should prevent it): count them all the same.
                slots.acquireUninterruptibly(-unused);
            }
            handled += rows.size();
            // Stop when nothing more is due, or when other nodes hold everything that is.
            if (rows.size() < want) {
                return handled;
            }
        }
        return handled;
    }

    /** Waits for at least one free slot and takes up to a batch of them; 0 when stopping. */
    private int freeSlots() {
        try {
            while (!slots.tryAcquire(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (!running) {
            slots.release();
            return 0;
        }
        int more = Math.min(BATCH - 1, slots.availablePermits());
        // Only this thread takes slots, so what it saw is still there.
        return slots.tryAcquire(more) ? 1 + more : 1;
    }

    // ---- the workers: delivery

    private void work() {
        Mailer.Connection connection = null;
        try {
            while (true) {
                OutboxClaim claim = work.poll(IDLE_CONNECTION_MILLIS, TimeUnit.MILLISECONDS);
                if (claim == null) {
                    if (connection != null) {
                        connection.close();
                        connection = null;
                    }
                    continue;
                }
                if (claim == OutboxClaim.END) {
                    return;
                }
                if (connection == null) {
                    connection = mailer.connect();
                }
                outcomes.add(deliver(claim, connection));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private DeliveryOutcome deliver(OutboxClaim claim, Mailer.Connection connection) {
        OutboxRow row = claim.row();
        MailMessage message;
        try {
            message = SealedBody.open(box, row);
        } catch (IllegalStateException e) {
            // Not retryable: the master key changed, or the row was altered.
            return failure(claim, "body cannot be opened: " + e.getMessage(), true);
        }
        try {
            connection.send(row.messageId(), message);
        } catch (MailDeliveryException e) {
            return failure(claim, e.getMessage(), e.permanent());
        } catch (RuntimeException e) {
            // A defect in a mailer must not stop the sender; only the type is logged, since the
            // exception's text is not ours to vouch for.
            return failure(claim, "unexpected " + e.getClass().getName(), false);
        }
        return new DeliveryOutcome(claim, DeliveryOutcome.Result.SENT, clock.instant(), null, null);
    }

    private DeliveryOutcome failure(OutboxClaim claim, String summary, boolean permanent) {
        OutboxRow row = claim.row();
        Instant now = clock.instant();
        if (permanent || RetryPolicy.givesUp(row.attempts(), row.createdAt(), now)) {
            return new DeliveryOutcome(claim, DeliveryOutcome.Result.FAILED, now, null, summary);
        }
        return new DeliveryOutcome(
                claim, DeliveryOutcome.Result.RETRY, now, now.plus(RetryPolicy.delayAfter(row.attempts())), summary);
    }

    private void purgeWhenDue() {
        if (System.nanoTime() - nextPurgeNanos < 0) {
            return;
        }
        nextPurgeNanos = System.nanoTime() + PURGE_EVERY_NANOS;
        Instant cutoff = clock.instant().minus(RETENTION);
        int purged = db.inTransaction(tx -> store.purgeFinishedBefore(tx, cutoff));
        if (purged > 0) {
            LOG.info("mail outbox purged {} finished messages older than {}", purged, RETENTION);
        }
    }
}
