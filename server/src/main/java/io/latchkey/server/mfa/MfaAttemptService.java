package io.latchkey.server.mfa;

import io.latchkey.api.member.Member;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Limits guessing at second factors (and email codes), per member and factor, two ways:
 *
 * <ul>
 *   <li>at most {@link #MAX_ATTEMPTS} attempts without a success within {@link #WINDOW}; the
 *       attempt that fills the window, if it fails too, locks that factor (member_locked, 429),
 *       during which even the right code is refused. The lock grows with the consecutive
 *       failures: {@link #LOCK} for the first, doubling with each lock of the same streak, at
 *       most {@link #MAX_LOCK};
 *   <li>at most {@link #MAX_CONSECUTIVE_FAILURES} consecutive failures (NIST SP 800-63B 5.2.2),
 *       counted across windows and locks: the attempt that reaches it, if it fails, locks the
 *       factor until it is unlocked ({@link #PERMANENT}, shown as the lock's expiry).
 * </ul>
 *
 * <p>Only a success of the factor clears its count. Unlocking (every factor of the member): a
 * successful recovery code (the member proves a secret of its own, as Stytch's recovery flow
 * does), or an admin call that changes the member's email address, deletes it or reactivates it.
 *
 * <p>Each attempt takes its slot before the guess is checked, in the same transaction as the
 * check; the caller commits a failed guess (it returns a refusal rather than throwing), so the
 * slot stays spent, and concurrent guesses can never exceed either limit. A request refused for
 * another reason before any guess (an unknown intermediate session, say) rolls back and costs
 * nothing. Thread-safe.
 */
public final class MfaAttemptService {
    public static final int MAX_ATTEMPTS = 5;
    public static final Duration WINDOW = Duration.ofMinutes(10);
    /**
     * At least {@link #WINDOW}: a lock then outlasts the window it closed, so when a lock runs out
     * the window has too, and the count starts over.
     */
    public static final Duration LOCK = Duration.ofMinutes(10);

    public static final Duration MAX_LOCK = Duration.ofHours(24);
    public static final int MAX_CONSECUTIVE_FAILURES = 100;
    /** The expiry shown for a lock that lasts until an unlock. */
    public static final Instant PERMANENT = Instant.parse("9999-12-31T23:59:59Z");

    private final MfaAttemptStore store;
    private final MemberService members;
    private final Clock clock;

    public MfaAttemptService(MfaAttemptStore store, MemberService members, Clock clock) {
        this.store = store;
        this.members = members;
        this.clock = clock;
    }

    /**
     * Takes an attempt at {@code factor} for the member, in the caller's transaction.
     *
     * @throws ApiException member_locked while the factor is locked
     */
    public Attempt begin(Tx tx, Project project, String organizationId, String memberId, MfaFactor factor) {
        Instant now = Timestamps.truncate(clock.instant());
        Instant cutoff = now.minus(WINDOW);
        String projectId = project.projectId();
        String key = factor.key();
        int streak = store.find(tx, projectId, memberId, key)
                .map(MfaAttemptStore.Counter::failures)
                .orElse(0);
        if (streak >= MAX_CONSECUTIVE_FAILURES) {
            throw locked(factor, PERMANENT);
        }
        // Read before the slot is taken, so under a race the lock may be one step shorter: the
        // conditional writes below still decide how many guesses there are.
        Instant lockUntil = now.plus(lockFor(streak));
        boolean taken = store.restartWindow(tx, projectId, memberId, key, now, cutoff, MAX_CONSECUTIVE_FAILURES)
                || store.takeSlot(
                        tx, projectId, memberId, key, MAX_ATTEMPTS, cutoff, lockUntil, MAX_CONSECUTIVE_FAILURES)
                || store.insertFirst(tx, projectId, memberId, key, now)
                // Another request inserted the first row meanwhile: there may be a slot after all.
                || store.takeSlot(
                        tx, projectId, memberId, key, MAX_ATTEMPTS, cutoff, lockUntil, MAX_CONSECUTIVE_FAILURES);
        Optional<MfaAttemptStore.Counter> found = store.find(tx, projectId, memberId, key);
        if (!taken && found.isEmpty()) {
            // A success cleared the count after our insert lost: this attempt starts a new one.
            taken = store.insertFirst(tx, projectId, memberId, key, now);
            found = store.find(tx, projectId, memberId, key);
        }
        MfaAttemptStore.Counter counter =
                found.orElseThrow(() -> new IllegalStateException("attempt counter vanished twice"));
        if (!taken) {
            throw locked(
                    factor,
                    counter.failures() >= MAX_CONSECUTIVE_FAILURES
                            ? PERMANENT
                            : counter.lockedUntil() != null
                                    ? counter.lockedUntil()
                                    : counter.windowStartedAt().plus(WINDOW));
        }
        if (counter.failures() >= MAX_CONSECUTIVE_FAILURES) {
            return new Attempt(project, organizationId, memberId, factor, true, now, PERMANENT);
        }
        return new Attempt(
                project,
                organizationId,
                memberId,
                factor,
                counter.attempts() >= MAX_ATTEMPTS,
                now,
                counter.lockedUntil());
    }

    /** The lock earned by filling a window after {@code streak} consecutive failures. */
    static Duration lockFor(int streak) {
        int locksBefore = Math.min(streak / MAX_ATTEMPTS, 16);
        Duration lock = LOCK.multipliedBy(1L << locksBefore);
        return lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock;
    }

    /**
     * Unlocks every factor of the member and forgets its counts, in the caller's transaction: a
     * recovery code proved a secret of the member's own.
     */
    public Member unlockAll(Tx tx, Project project, String organizationId, Member member) {
        store.clearAll(tx, project.projectId(), member.memberId());
        return member.isLocked()
                ? members.recordLock(tx, project, organizationId, member.memberId(), null, null)
                : member;
    }

    /**
     * Forgets the member's counts and locks (the member row's lock is the member feature's to
     * clear): its address changed, or it was deleted or reactivated.
     */
    public void forgetMember(Tx tx, String projectId, String memberId) {
        store.clearAll(tx, projectId, memberId);
    }

    /** The guess was right: the count starts over. */
    public void succeeded(Tx tx, Attempt attempt) {
        store.clear(
                tx,
                attempt.project().projectId(),
                attempt.memberId(),
                attempt.factor().key());
    }

    /**
     * The guess was wrong. When it was the last one, the member shows as locked ({@code
     * is_locked}) until the factor unlocks. The caller must commit.
     */
    public void failed(Tx tx, Attempt attempt) {
        if (attempt.last() && PERMANENT.equals(attempt.lockedUntil())) {
            store.lockUntil(
                    tx,
                    attempt.project().projectId(),
                    attempt.memberId(),
                    attempt.factor().key(),
                    PERMANENT);
        }
        if (attempt.last() && attempt.lockedUntil() != null) {
            members.recordLock(
                    tx,
                    attempt.project(),
                    attempt.organizationId(),
                    attempt.memberId(),
                    attempt.startedAt(),
                    attempt.lockedUntil());
        }
    }

    private static ApiException locked(MfaFactor factor, Instant until) {
        String at = Timestamps.format(until);
        return new ApiException(
                ErrorType.MEMBER_LOCKED,
                "Too many failed attempts: " + factor.key() + " is locked for this member until " + at + ".",
                Map.of("factor", factor.key(), "lock_expires_at", at));
    }
}
