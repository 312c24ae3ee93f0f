package io.latchkey.server.ratelimit;

import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The rate limits, counted in the database so that every node on it shares them: sends per
 * address and per organization (counted inside the sending transaction, so a refused send
 * changes nothing), failed authenticate attempts per client address and per credential, and the
 * per-project request budget (leased in blocks, see {@link ProjectRequestBudget}). A refusal is
 * {@code too_many_requests} (429) with a Retry-After of the time left in the full window.
 * Thread-safe.
 */
public final class RateLimitService {
    /**
     * Refusals that mean "this credential did not check out": what guessing produces. Not
     * member_locked: that refusal comes from a lock the guesses already earned, so counting it too
     * would turn the lock's own end into a longer wait.
     */
    private static final Set<ErrorType> FAILED_ATTEMPTS = EnumSet.of(
            ErrorType.MAGIC_LINK_NOT_FOUND,
            ErrorType.UNABLE_TO_AUTH_MAGIC_LINK,
            ErrorType.PKCE_MISMATCH,
            ErrorType.SESSION_NOT_FOUND,
            ErrorType.INTERMEDIATE_SESSION_NOT_FOUND,
            ErrorType.UNABLE_TO_PARSE_SESSION_JWT,
            ErrorType.JWT_INVALID_AUDIENCE,
            ErrorType.JWT_INVALID_ISSUER,
            ErrorType.JWT_INVALID_CLAIMS,
            ErrorType.OTP_CODE_NOT_FOUND,
            ErrorType.UNABLE_TO_AUTH_OTP_CODE,
            ErrorType.INVALID_TOTP_CODE,
            ErrorType.UNABLE_TO_AUTHENTICATE_TOTP,
            ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED,
            ErrorType.INVALID_RECOVERY_CODE,
            ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE,
            ErrorType.UNAUTHORIZED_CREDENTIALS);

    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final Database db;
    private final RateLimitStore store;
    private final RateLimits limits;
    private final Clock clock;
    private final RecentRefusals refusals = new RecentRefusals();
    private final AtomicReference<Instant> nextPurge;

    /** Refusals by limit (latchkey_rate_limit_refusals_total{limit=...}); one counter per kind. */
    private final java.util.Map<CounterKind, io.micrometer.core.instrument.Counter> refusalCounts =
            new java.util.EnumMap<>(CounterKind.class);

    public RateLimitService(Database db, RateLimitStore store, RateLimits limits, Clock clock) {
        this(db, store, limits, clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** With its refusals counted in {@code meters}, every limit from 0 so alerts have a series. */
    public RateLimitService(
            Database db,
            RateLimitStore store,
            RateLimits limits,
            Clock clock,
            io.micrometer.core.instrument.MeterRegistry meters) {
        for (CounterKind kind : CounterKind.values()) {
            refusalCounts.put(
                    kind,
                    io.micrometer.core.instrument.Counter.builder("latchkey.rate_limit.refusals")
                            .description("Requests refused by a rate limit (429), by limit")
                            .tag("limit", kind.wireName())
                            .register(meters));
        }
        this.db = db;
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.nextPurge = new AtomicReference<>(clock.instant().plus(PURGE_EVERY));
    }

    public RateLimits limits() {
        return limits;
    }

    // Sends

    /**
     * Counts one email to {@code emailAddress} on behalf of {@code organizationId} (null for a
     * discovery email, which has none) in the caller's transaction; throws 429 when a limit is
     * reached, and the caller's transaction then rolls back whole.
     */
    public void countEmailSend(Tx tx, Project project, String organizationId, String emailAddress) {
        Instant now = clock.instant();
        spend(
                tx,
                project,
                new Key(
                        CounterKind.EMAIL_SENDS_PER_ADDRESS,
                        emailAddress.toLowerCase(java.util.Locale.ROOT),
                        limits.emailSendsPerAddress()),
                now,
                "Too many emails were sent to this address.");
        if (organizationId != null) {
            spend(
                    tx,
                    project,
                    new Key(CounterKind.SENDS_PER_ORGANIZATION, organizationId, limits.sendsPerOrganization()),
                    now,
                    "Too many emails and text messages were sent for this organization.");
        }
    }

    /** {@link #countEmailSend} for an SMS passcode to {@code phoneNumber} (E.164). */
    public void countSmsSend(Tx tx, Project project, String organizationId, String phoneNumber) {
        Instant now = clock.instant();
        spend(
                tx,
                project,
                new Key(CounterKind.SMS_SENDS_PER_PHONE, phoneNumber, limits.smsSendsPerPhone()),
                now,
                "Too many text messages were sent to this phone number.");
        spend(
                tx,
                project,
                new Key(CounterKind.SMS_SENDS_PER_ORGANIZATION, organizationId, limits.smsSendsPerOrganization()),
                now,
                "Too many text messages were sent for this organization.");
        spend(
                tx,
                project,
                new Key(CounterKind.SENDS_PER_ORGANIZATION, organizationId, limits.sendsPerOrganization()),
                now,
                "Too many emails and text messages were sent for this organization.");
    }

    /**
     * Counts one email or text asked for through Stytch's frontend SDK ({@code /sdk/v1}) from
     * {@code clientAddress}, in a transaction of its own before the call: there the caller is a
     * browser, named only by a public token, so its address is what holds back someone who would
     * have Latchkey mail or text anyone. Throws 429 when the limit is reached; nothing is sent then.
     */
    public void countBrowserSend(Project project, String clientAddress) {
        RateLimit limit = limits.sdkSendsPerIp();
        if (limit.isOff() || clientAddress == null) {
            return;
        }
        String message = "Too many emails and text messages were asked for from this address.";
        Key key = new Key(CounterKind.SDK_SENDS_PER_IP, clientAddress, limit);
        Instant now = clock.instant();
        // Known full on this node: a flood from one address is answered from memory, with no write.
        Instant known = refusals.refusedUntil(key.memoryKey(project), now);
        if (known != null) {
            refused(key.kind());
            throw refusal(message, known, now);
        }
        purgeIfDue();
        db.useTransaction(tx -> {
            String subject = key.hashedSubject();
            if (!store.take(
                    tx, project.projectId(), key.kind(), subject, 1, limit.count(), now, now.plus(limit.window()))) {
                Instant end = store.find(tx, project.projectId(), key.kind(), subject)
                        .map(RateLimitStore.Counter::windowEndsAt)
                        .orElse(now.plus(limit.window()));
                refusals.refuse(key.memoryKey(project), end, now);
                refused(key.kind());
                throw refusal(message, end, now);
            }
        });
    }

    private void spend(Tx tx, Project project, Key key, Instant now, String message) {
        if (key.limit().isOff()) {
            return;
        }
        String subject = key.hashedSubject();
        if (!store.take(
                tx,
                project.projectId(),
                key.kind(),
                subject,
                1,
                key.limit().count(),
                now,
                now.plus(key.limit().window()))) {
            Instant end = store.find(tx, project.projectId(), key.kind(), subject)
                    .map(RateLimitStore.Counter::windowEndsAt)
                    .orElse(now.plus(key.limit().window()));
            refused(key.kind());
            throw refusal(message, end, now);
        }
    }

    // Authenticate attempts

    /**
     * Runs an authenticate {@code call} and counts its failure against the client address and the
     * credential; a failure that finds a window already full is answered with 429 instead of the
     * refusal. A success is never refused, however many failures came before it: the limits on
     * failures would otherwise let anyone who shares an address with a user (the application's
     * back end, a NAT), or who can send garbage under a credential's name, lock that user out.
     * Guessing is held back by what the failures cost (the codes' own wrong-guess limits and the
     * member's lock on each factor), not by refusing right answers.
     */
    public <T> T attempt(Project project, String clientAddress, Credential credential, Supplier<T> call) {
        if (limits.failedAuthPerIp().isOff() && limits.failedAuthPerCredential().isOff()) {
            return call.get();
        }
        try {
            return call.get();
        } catch (ApiException e) {
            if (FAILED_ATTEMPTS.contains(e.type())) {
                List<Key> keys = attemptKeys(
                        clientAddress, credential.isPasscodes() && !e.codeChecked() ? Credential.NONE : credential);
                // Known full on this node: answered from memory, with no write.
                if (!refusals.isEmpty()) {
                    refuseIfRecentlyRefused(project, keys, clock.instant());
                }
                countFailure(project, keys);
            }
            throw e;
        }
    }

    /**
     * {@link #attempt} for a secret with no wrong-guess limit of its own, a password (a code expires
     * and locks; a password would be guessed forever): once the credential's failures fill its
     * window, every attempt with that credential is refused with 429 until the window ends, the
     * right password too, and without running the check. This is Stytch's user lock, keyed by the
     * credential (the email in the organization) rather than the member, so an address with no
     * member is refused exactly like one with a member and the lock tells nobody who exists. The
     * per-address limit still refuses failures only: a shared address must not lock its users out.
     */
    public <T> T attemptLockingCredential(
            Project project, String clientAddress, Credential credential, Supplier<T> call) {
        if (!limits.failedAuthPerCredential().isOff() && !credential.isNone()) {
            Key key = new Key(
                    CounterKind.FAILED_AUTH_PER_CREDENTIAL, credential.subject(), limits.failedAuthPerCredential());
            Instant now = clock.instant();
            Instant end = refusals.isEmpty() ? null : refusals.refusedUntil(key.memoryKey(project), now);
            if (end == null) {
                end = db.read(tx -> store.find(tx, project.projectId(), key.kind(), key.hashedSubject()))
                        .filter(c -> c.hits() >= key.limit().count()
                                && c.windowEndsAt().isAfter(now))
                        .map(RateLimitStore.Counter::windowEndsAt)
                        .orElse(null);
            }
            if (end != null) {
                throw failedAttemptsRefusal(key, end, now);
            }
        }
        return attempt(project, clientAddress, credential, call);
    }

    /**
     * {@link #attempt} for sessions.authenticate, the hot path: nothing is read or written unless
     * the call fails.
     */
    public <T> T attemptOnHotPath(Project project, String clientAddress, Credential credential, Supplier<T> call) {
        return attempt(project, clientAddress, credential, call);
    }

    private List<Key> attemptKeys(String clientAddress, Credential credential) {
        List<Key> keys = new ArrayList<>(2);
        if (!limits.failedAuthPerIp().isOff() && clientAddress != null) {
            keys.add(new Key(CounterKind.FAILED_AUTH_PER_IP, clientAddress, limits.failedAuthPerIp()));
        }
        if (!limits.failedAuthPerCredential().isOff() && !credential.isNone()) {
            keys.add(new Key(
                    CounterKind.FAILED_AUTH_PER_CREDENTIAL, credential.subject(), limits.failedAuthPerCredential()));
        }
        return keys;
    }

    private void refuseIfRecentlyRefused(Project project, List<Key> keys, Instant now) {
        for (Key key : keys) {
            Instant end = refusals.refusedUntil(key.memoryKey(project), now);
            if (end != null) {
                throw failedAttemptsRefusal(key, end, now);
            }
        }
    }

    /** Counts a failure against every key, all or none: a refused attempt changes nothing. */
    private void countFailure(Project project, List<Key> keys) {
        if (keys.isEmpty()) {
            return;
        }
        purgeIfDue();
        Instant now = clock.instant();
        db.useTransaction(tx -> {
            for (Key key : keys) {
                String subject = key.hashedSubject();
                if (!store.take(
                        tx,
                        project.projectId(),
                        key.kind(),
                        subject,
                        1,
                        key.limit().count(),
                        now,
                        now.plus(key.limit().window()))) {
                    Instant end = store.find(tx, project.projectId(), key.kind(), subject)
                            .map(RateLimitStore.Counter::windowEndsAt)
                            .orElse(now.plus(key.limit().window()));
                    refusals.refuse(key.memoryKey(project), end, now);
                    throw failedAttemptsRefusal(key, end, now);
                }
            }
        });
    }

    private ApiException failedAttemptsRefusal(Key key, Instant end, Instant now) {
        refused(key.kind());
        return refusal(
                key.kind() == CounterKind.FAILED_AUTH_PER_IP
                        ? "Too many failed authentication attempts from this address."
                        : "Too many failed authentication attempts with this credential.",
                end,
                now);
    }

    // The project budget

    /** A block of the project's request budget given to this node, usable until {@code until}. */
    record Grant(long granted, Instant until) {}

    /**
     * Takes up to {@code block} requests of the project's budget for this node, in one write;
     * {@code granted} is 0 when the window is spent.
     */
    Grant leaseProjectRequests(String projectId, long block) {
        RateLimit limit = limits.projectRequests();
        purgeIfDue();
        Instant now = clock.instant();
        return db.inTransaction(tx -> {
            boolean took = store.take(
                    tx,
                    projectId,
                    CounterKind.PROJECT_REQUESTS,
                    "",
                    block,
                    limit.count(),
                    now,
                    now.plus(limit.window()));
            RateLimitStore.Counter counter = store.find(tx, projectId, CounterKind.PROJECT_REQUESTS, "")
                    .orElseThrow(() -> new IllegalStateException("the project budget row is missing"));
            long granted = took ? block - Math.max(0, counter.hits() - limit.count()) : 0;
            return new Grant(granted, counter.windowEndsAt());
        });
    }

    /** Counts one refusal by {@code kind} for the metrics. */
    void refused(CounterKind kind) {
        refusalCounts.get(kind).increment();
    }

    static ApiException refusal(String message, Instant end, Instant now) {
        long seconds = Math.max(1, (Math.max(0, Duration.between(now, end).toMillis()) + 999) / 1000);
        return ApiException.tooManyRequests(
                message + " Retry after " + seconds + " seconds.", Duration.ofSeconds(seconds));
    }

    /** Now and then, one node deletes counters whose window has ended (they count nothing). */
    private void purgeIfDue() {
        Instant now = clock.instant();
        Instant due = nextPurge.get();
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
            return;
        }
        db.useTransaction(tx -> store.deleteFinished(tx, now));
    }

    /** One counter: its kind, what it counts (in clear, hashed before it is stored) and its limit. */
    private record Key(CounterKind kind, String subject, RateLimit limit) {
        String hashedSubject() {
            return Tokens.hash(kind.wireName() + ":" + subject);
        }

        String memoryKey(Project project) {
            return kind.wireName() + "|" + project.projectId() + "|" + subject;
        }
    }
}
