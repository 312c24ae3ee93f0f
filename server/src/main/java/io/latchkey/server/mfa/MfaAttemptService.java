package io.latchkey.server.mfa;

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
 * Limits guessing at second factors (and email codes): at most {@link #MAX_ATTEMPTS} attempts
 * without a success per member and factor within {@link #WINDOW}; the attempt that fills the
 * window, if it fails too, locks that factor for {@link #LOCK} (member_locked, 429), during which
 * even the right code is refused. A success clears the count.
 *
 * <p>Each attempt takes its slot before the guess is checked, in the same transaction as the
 * check; the caller commits a failed guess (it returns a refusal rather than throwing), so the
 * slot stays spent, and concurrent guesses can never exceed the limit. A request refused for
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
    boolean taken = store.restartWindow(tx, projectId, memberId, key, now, cutoff)
        || store.takeSlot(tx, projectId, memberId, key, MAX_ATTEMPTS, cutoff, now.plus(LOCK))
        || store.insertFirst(tx, projectId, memberId, key, now)
        // Another request inserted the first row meanwhile: there may be a slot after all.
        || store.takeSlot(tx, projectId, memberId, key, MAX_ATTEMPTS, cutoff, now.plus(LOCK));
    Optional<MfaAttemptStore.Counter> found = store.find(tx, projectId, memberId, key);
    if (!taken && found.isEmpty()) {
      // A success cleared the count after our insert lost: this attempt starts a new one.
      taken = store.insertFirst(tx, projectId, memberId, key, now);
      found = store.find(tx, projectId, memberId, key);
    }
    MfaAttemptStore.Counter counter =
        found.orElseThrow(() -> new IllegalStateException("attempt counter vanished twice"));
    if (!taken) {
      throw locked(factor, counter.lockedUntil() != null ? counter.lockedUntil() : counter.windowStartedAt().plus(WINDOW));
    }
    return new Attempt(project, organizationId, memberId, factor, counter.attempts() >= MAX_ATTEMPTS, now,
        counter.lockedUntil());
  }

  /** The guess was right: the count starts over. */
  public void succeeded(Tx tx, Attempt attempt) {
    store.clear(tx, attempt.project().projectId(), attempt.memberId(), attempt.factor().key());
  }

  /**
   * The guess was wrong. When it was the last one, the member shows as locked ({@code
   * is_locked}) until the factor unlocks. The caller must commit.
   */
  public void failed(Tx tx, Attempt attempt) {
    if (attempt.last() && attempt.lockedUntil() != null) {
      members.recordLock(tx, attempt.project(), attempt.organizationId(), attempt.memberId(),
          attempt.startedAt(), attempt.lockedUntil());
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
