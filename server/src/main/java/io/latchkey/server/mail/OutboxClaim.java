package io.latchkey.server.mail;

/** A message this node claimed, under the lease token it claimed it with. */
record OutboxClaim(OutboxRow row, String claimToken) {
    /** Tells a worker to stop. */
    static final OutboxClaim END = new OutboxClaim(null, null);
}
