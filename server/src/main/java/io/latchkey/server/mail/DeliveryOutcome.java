package io.latchkey.server.mail;

import java.time.Instant;

/** What became of a claimed message, waiting to be written under the claim's lease. */
record DeliveryOutcome(
        OutboxClaim claim, DeliveryOutcome.Result result, Instant at, Instant nextAttempt, String summary) {
    /** Tells the recorder to stop. */
    static final DeliveryOutcome END = new DeliveryOutcome(null, null, null, null, null);

    enum Result {
        SENT,
        RETRY,
        FAILED,
        /** Claimed but never started: given back at once when the node stops. */
        RELEASED
    }
}
