package io.latchkey.server.mail;

import io.latchkey.server.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox sender's recorder thread: writes delivery outcomes, all that have come in since its
 * last write in one transaction, each only under the lease it was claimed with. Once an outcome
 * is written, its claim leaves the node's held claims and its slot is free for the next claim.
 * Logs name message and project ids, never a recipient or a body.
 */
final class OutcomeRecorder implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

    private final Database db;
    private final MailStore store;
    private final boolean eraseBodies;
    private final Duration retryAfter;
    private final BlockingQueue<DeliveryOutcome> outcomes;
    private final Map<String, String> held;
    private final Semaphore slots;
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;

    /**
     * @param outcomes what the workers hand over; {@link DeliveryOutcome#END} ends the thread once
     *     everything before it is written
     * @param held the node's claims not yet recorded (message id -> claim token), shared with the
     *     sender's dispatcher and lease keeper
     * @param slots one permit per claim the node may still take, released as outcomes are written
     */
    OutcomeRecorder(
            Database db,
            MailStore store,
            boolean eraseBodies,
            Duration retryAfter,
            MeterRegistry meters,
            BlockingQueue<DeliveryOutcome> outcomes,
            Map<String, String> held,
            Semaphore slots) {
        this.db = db;
        this.store = store;
        this.eraseBodies = eraseBodies;
        this.retryAfter = retryAfter;
        this.outcomes = outcomes;
        this.held = held;
        this.slots = slots;
        this.sent = counter(meters, "sent");
        this.retried = counter(meters, "retry");
        this.failed = counter(meters, "failed");
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("latchkey.mail.deliveries")
                .description("Outbox delivery attempts by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void run() {
        List<DeliveryOutcome> batch = new ArrayList<>();
        boolean ending = false;
        while (!ending || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    batch.add(outcomes.take());
                }
                outcomes.drainTo(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.removeIf(o -> o == DeliveryOutcome.END)) {
                ending = true;
            }
            if (batch.isEmpty()) {
                continue;
            }
            try {
                write(batch);
                for (DeliveryOutcome o : batch) {
                    held.remove(o.claim().row().messageId(), o.claim().claimToken());
                }
                slots.release(batch.size());
                batch.clear();
            } catch (RuntimeException e) {
                // Usually the database is unreachable. The outcomes wait here; should this node stop
                // first, its leases expire and the messages go out again (at least once, as ever).
                LOG.warn("mail outcomes not recorded, retrying in {}: {}", retryAfter, describe(e));
                if (ending) {
                    LOG.warn("mail sender stopping with {} outcomes unrecorded", batch.size());
                    return;
                }
                try {
                    Thread.sleep(retryAfter.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void write(List<DeliveryOutcome> batch) {
        boolean[] recorded = db.inTransaction(tx -> {
            boolean[] kept = new boolean[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                DeliveryOutcome o = batch.get(i);
                String id = o.claim().row().messageId();
                String token = o.claim().claimToken();
                kept[i] = switch (o.result()) {
                    case SENT -> store.markSent(tx, id, token, o.at(), eraseBodies);
                    case RETRY -> store.reschedule(tx, id, token, o.nextAttempt(), o.summary());
                    case FAILED -> store.markFailed(tx, id, token, o.at(), o.summary(), eraseBodies);
                    case RELEASED -> store.release(tx, id, token);
                };
            }
            return kept;
        });
        for (int i = 0; i < batch.size(); i++) {
            report(batch.get(i), recorded[i]);
        }
    }

    private void report(DeliveryOutcome o, boolean recorded) {
        OutboxRow row = o.claim().row();
        int attempts = row.attempts();
        switch (o.result()) {
            case SENT -> {
                sent.increment();
                if (recorded) {
                    LOG.info(
                            "mail sent message_id={} project_id={} kind={} attempts={}",
                            row.messageId(),
                            row.projectId(),
                            row.kind(),
                            attempts);
                } else {
                    LOG.warn(
                            "mail sent message_id={} project_id={} after its lease expired; another node may"
                                    + " send it again",
                            row.messageId(),
                            row.projectId());
                }
            }
            case FAILED -> {
                failed.increment();
                LOG.error(
                        "mail given up message_id={} project_id={} kind={} attempts={}: {}",
                        row.messageId(),
                        row.projectId(),
                        row.kind(),
                        attempts,
                        o.summary());
            }
            case RETRY -> {
                retried.increment();
                // An outage fails every message every few minutes; the first failure and every tenth
                // say so.
                if (attempts == 1 || attempts % 10 == 0) {
                    LOG.warn(
                            "mail not delivered message_id={} project_id={} attempts={}, retrying at {}: {}",
                            row.messageId(),
                            row.projectId(),
                            attempts,
                            o.nextAttempt(),
                            o.summary());
                } else {
                    LOG.debug(
                            "mail not delivered message_id={} attempts={}, retrying at {}: {}",
                            row.messageId(),
                            attempts,
                            o.nextAttempt(),
                            o.summary());
                }
            }
            case RELEASED -> LOG.debug("mail given back unsent message_id={} (the node is stopping)", row.messageId());
        }
    }

    /** An exception and its causes on one line, for a log. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            out.append(" <- ").append(c);
        }
        return out.toString();
    }
}
