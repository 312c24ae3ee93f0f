package io.latchkey.server.member;

import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners other features registered with {@link MemberService}, and calling them. Thread-safe. */
final class MemberListeners {
    private final List<MemberDeletionListener> deletionListeners = new CopyOnWriteArrayList<>();
    private final List<MemberLoginsListener> loginsListeners = new CopyOnWriteArrayList<>();

    void addDeletionListener(MemberDeletionListener listener) {
        deletionListeners.add(Objects.requireNonNull(listener));
    }

    void addLoginsListener(MemberLoginsListener listener) {
        loginsListeners.add(Objects.requireNonNull(listener));
    }

    /** Before {@code m} is written: its MFA lock goes too (an admin's change is the unlock). */
    void invalidateLogins(Tx tx, Project project, MemberState m) {
        m.lockCreatedAt = null;
        m.lockExpiresAt = null;
        for (MemberLoginsListener listener : loginsListeners) {
            listener.onLoginsInvalidated(tx, project.projectId(), m.memberId);
        }
    }

    /** After {@code m}'s deletion was written, in the same transaction. */
    void memberDeleted(Tx tx, Project project, MemberState m) {
        for (MemberDeletionListener listener : deletionListeners) {
            listener.onMemberDeleted(tx, project.projectId(), m.memberId);
        }
    }
}
