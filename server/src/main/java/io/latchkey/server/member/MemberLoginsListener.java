package io.latchkey.server.member;

import io.latchkey.server.store.Tx;

/**
 * Told, inside the changing transaction, that what was handed out to a member for logging in
 * (magic links, email and SMS passcodes, intermediate sessions) no longer proves anything: its
 * email address changed, or it was deleted or reactivated. A link mailed to a mistyped address
 * must not log in once the address is corrected, and a deleted member's links must not come
 * back to life with a reactivation. The member's MFA locks and
 * counts end too (an admin's change is how a lock is lifted). Sessions are not affected here (deletion revokes them
 * through {@link MemberDeletionListener}). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface MemberLoginsListener {
    void onLoginsInvalidated(Tx tx, String projectId, String memberId);
}
