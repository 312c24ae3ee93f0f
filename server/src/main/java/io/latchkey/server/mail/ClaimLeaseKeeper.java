package io.latchkey.server.mail;

import io.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the outbox claims a node holds (waiting for a worker, being sent, or their outcome
 * waiting to be written) from lapsing: every few seconds, one transaction extends them all. A
 * claim whose outcome was written meanwhile no longer matches its token and is left alone.
 */
final class ClaimLeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

    private final Database db;
    private final MailStore store;
    private final Clock clock;
    private final Map<String, String> held;
    private final Duration lease;
    private final ScheduledExecutorService timer;

    private ClaimLeaseKeeper(Database db, MailStore store, Clock clock, Map<String, String> held, Duration lease) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.held = held;
        this.lease = lease;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latchkey-mail-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param held the node's claims not yet recorded (message id -> claim token)
     * @param lease how long a renewal extends a claim, from now
     * @param every how often claims are renewed; well under the lease
     */
    static ClaimLeaseKeeper start(
            Database db, MailStore store, Clock clock, Map<String, String> held, Duration lease, Duration every) {
        ClaimLeaseKeeper keeper = new ClaimLeaseKeeper(db, store, clock, held, lease);
        keeper.timer.scheduleWithFixedDelay(
                keeper::renewHeld, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return keeper;
    }

    private void renewHeld() {
        if (held.isEmpty()) {
            return;
        }
        Map<String, String> snapshot = Map.copyOf(held);
        try {
            Instant until = clock.instant().plus(lease);
            db.useTransaction(
                    tx -> snapshot.forEach((messageId, token) -> store.renewClaim(tx, messageId, token, until)));
        } catch (RuntimeException e) {
            // The sends go on; should a lease lapse meanwhile, another node may send the message
            // too, which at-least-once delivery allows.
            LOG.warn("mail leases not renewed for {} messages: {}", snapshot.size(), OutcomeRecorder.describe(e));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
