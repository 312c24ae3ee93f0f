package io.latchkey.server.member;

import io.latchkey.server.store.Tx;

/**
 * Told about a member's deletion inside the deleting transaction, so dependent state such as
 * sessions and outstanding invites is revoked atomically with it. An exception thrown here rolls
 * the deletion back. Organization deletions are announced separately, once for the organization
 * (see {@code OrganizationDeletionListener}), not per member. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface MemberDeletionListener {
    void onMemberDeleted(Tx tx, String projectId, String memberId);
}
