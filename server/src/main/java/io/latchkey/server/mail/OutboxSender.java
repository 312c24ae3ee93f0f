package io.latchkey.server.mail;

import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: one daemon thread per node claims due messages, hands them to the {@link
 * Mailer} one at a time, and records the outcome. Failures are retried per {@link RetryPolicy};
 * a message is never lost to an outage nor sent twice at once by two nodes (each send holds a
 * lease in the row, and the outcome is written only under that lease).
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
   * held when it crashed waits before another node (or the restarted one) sends it; a send that
   * takes longer keeps its claim by renewing it every {@link #RENEW_EVERY}.
   */
  public static final Duration LEASE = Duration.ofSeconds(15);
  static final Duration RENEW_EVERY = LEASE.dividedBy(3);
  static final Duration RETENTION = Duration.ofDays(30);
  private static final long PURGE_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);
  // A wake usually comes just before the queueing transaction commits; look again quickly.
  private static final long FIRST_RECHECK_MILLIS = 5;
  private static final int BATCH = 20;
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

  private final Database db;
  private final MailStore store;
  private final SecretBox box;
  private final Mailer mailer;
  private final Clock clock;
  private final boolean eraseBodies;
  private final Counter sent;
  private final Counter retried;
  private final Counter failed;

  private final Object lock = new Object();
  private boolean signalled; // guarded by lock
  private volatile boolean running;
  private Thread thread;
  private ScheduledExecutorService leaseKeeper;
  private long nextPurgeNanos = System.nanoTime();

  /**
   * @param eraseBodies true in production: a body is erased once its message is sent or given
   *     up, so tokens do not outlive their delivery; false in dev mode, for the dev mailbox
   */
  public OutboxSender(
      Database db,
      MailStore store,
      SecretBox box,
      Mailer mailer,
      Clock clock,
      MeterRegistry meters,
      boolean eraseBodies) {
    this.db = db;
    this.store = store;
    this.box = box;
    this.mailer = mailer;
    this.clock = clock;
    this.eraseBodies = eraseBodies;
    this.sent = outcome(meters, "sent");
    this.retried = outcome(meters, "retry");
    this.failed = outcome(meters, "failed");
  }

  private static Counter outcome(MeterRegistry meters, String outcome) {
    return Counter.builder("latchkey.mail.deliveries")
        .description("Outbox delivery attempts by outcome")
        .tag("outcome", outcome)
        .register(meters);
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    leaseKeeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "latchkey-mail-lease");
              t.setDaemon(true);
              return t;
            });
    thread = new Thread(this::run, "latchkey-mail-sender");
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks the sender to look at the outbox now rather than at its next poll. Never blocks. */
  public void wake() {
    synchronized (lock) {
      signalled = true;
      lock.notifyAll();
    }
  }

  /**
   * Stops after the message in hand, if any. A send that outlasts the wait keeps its lease, and
   * the message is picked up again when the lease expires.
   */
  @Override
  public synchronized void close() {
    if (thread == null) {
      return;
    }
    running = false;
    wake();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
    leaseKeeper.shutdownNow();
    leaseKeeper = null;
  }

  private void run() {
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
          recheckMillis =
              handled > 0
                  ? FIRST_RECHECK_MILLIS
                  : recheckMillis * 2 < POLL_INTERVAL.toMillis() ? recheckMillis * 2 : 0;
        }
      } catch (RuntimeException e) {
        // Usually the database is unreachable; the mail is safe in the outbox meanwhile.
        LOG.warn("mail outbox unavailable, retrying in {}: {}", POLL_INTERVAL, describe(e));
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

  /** Delivers every message due now; returns how many this node handled. */
  int drain() {
    int handled = 0;
    while (running) {
      Instant now = clock.instant();
      List<String> due = db.read(tx -> store.dueIds(tx, now, BATCH, mailer.kinds()));
      int claimed = 0;
      for (String messageId : due) {
        if (!running) {
          break;
        }
        if (claimAndDeliver(messageId)) {
          claimed++;
        }
      }
      handled += claimed;
      // Stop when nothing is due, or when other nodes hold everything that is.
      if (due.size() < BATCH || claimed == 0) {
        return handled;
      }
    }
    return handled;
  }

  private boolean claimAndDeliver(String messageId) {
    String claimToken = Tokens.newToken();
    Instant now = clock.instant();
    Optional<OutboxRow> row =
        db.inTransaction(
            tx ->
                store.claim(tx, messageId, claimToken, now, now.plus(LEASE))
                    ? store.findClaimed(tx, messageId, claimToken)
                    : Optional.empty());
    row.ifPresent(r -> deliver(r, claimToken));
    return row.isPresent();
  }

  private void deliver(OutboxRow row, String claimToken) {
    MailMessage message;
    try {
      message = SealedBody.open(box, row);
    } catch (IllegalStateException e) {
      // Not retryable: the master key changed, or the row was altered.
      recordFailure(row, claimToken, "body cannot be opened: " + e.getMessage(), true);
      return;
    }
    ScheduledFuture<?> renewal =
        leaseKeeper.scheduleAtFixedRate(
            () -> renewClaim(row, claimToken),
            RENEW_EVERY.toMillis(),
            RENEW_EVERY.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      mailer.send(row.messageId(), message);
    } catch (MailDeliveryException e) {
      renewal.cancel(false);
      recordFailure(row, claimToken, e.getMessage(), e.permanent());
      return;
    } catch (RuntimeException e) {
      renewal.cancel(false);
      // A defect in a mailer must not stop the sender; only the type is logged, since the
      // exception's text is not ours to vouch for.
      recordFailure(row, claimToken, "unexpected " + e.getClass().getName(), false);
      return;
    }
    renewal.cancel(false);
    Instant now = clock.instant();
    boolean recorded =
        db.inTransaction(tx -> store.markSent(tx, row.messageId(), claimToken, now, eraseBodies));
    sent.increment();
    if (recorded) {
      LOG.info(
          "mail sent message_id={} project_id={} kind={} attempts={}",
          row.messageId(), row.projectId(), row.kind(), row.attempts());
    } else {
      LOG.warn(
          "mail sent message_id={} project_id={} after its lease expired; another node may send"
              + " it again",
          row.messageId(), row.projectId());
    }
  }

  /** Runs on the lease thread while a send is in progress. */
  private void renewClaim(OutboxRow row, String claimToken) {
    try {
      Instant until = clock.instant().plus(LEASE);
      db.inTransaction(tx -> store.renewClaim(tx, row.messageId(), claimToken, until));
    } catch (RuntimeException e) {
      // The send goes on; should the lease lapse meanwhile, another node may send the message
      // too, which at-least-once delivery allows.
      LOG.warn(
          "mail lease not renewed message_id={} project_id={}: {}",
          row.messageId(), row.projectId(), describe(e));
    }
  }

  private void recordFailure(OutboxRow row, String claimToken, String summary, boolean permanent) {
    Instant now = clock.instant();
    int attempts = row.attempts();
    if (permanent || RetryPolicy.givesUp(attempts, row.createdAt(), now)) {
      db.inTransaction(
          tx -> store.markFailed(tx, row.messageId(), claimToken, now, summary, eraseBodies));
      failed.increment();
      LOG.error(
          "mail given up message_id={} project_id={} kind={} attempts={}: {}",
          row.messageId(), row.projectId(), row.kind(), attempts, summary);
      return;
    }
    Instant next = now.plus(RetryPolicy.delayAfter(attempts));
    db.inTransaction(tx -> store.reschedule(tx, row.messageId(), claimToken, next, summary));
    retried.increment();
    // An outage fails every message every few minutes; the first failure and every tenth say so.
    if (attempts == 1 || attempts % 10 == 0) {
      LOG.warn(
          "mail not delivered message_id={} project_id={} attempts={}, retrying at {}: {}",
          row.messageId(), row.projectId(), attempts, next, summary);
    } else {
      LOG.debug(
          "mail not delivered message_id={} attempts={}, retrying at {}: {}",
          row.messageId(), attempts, next, summary);
    }
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

  private static String describe(Throwable e) {
    StringBuilder out = new StringBuilder(e.toString());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      out.append(" <- ").append(c);
    }
    return out.toString();
  }
}
