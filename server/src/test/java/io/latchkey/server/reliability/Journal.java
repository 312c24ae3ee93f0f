package io.latchkey.server.reliability;

import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients of a crash run wrote and what they heard back: every write with its outcome,
 * named by what the client chose (a slug, an email address) so it can be found afterwards
 * whether or not its answer arrived. Thread-safe.
 */
final class Journal {
    /** What a client knows of a write once its request is over. */
    enum Outcome {
        /** A 2xx came back: the write must be there, whatever happened next. */
        ACKNOWLEDGED,
        /** A 4xx came back: the write must not be there. */
        REFUSED,
        /** The connection was refused: the request never reached a server, nothing may be there. */
        NOT_SENT,
        /**
         * Sent, but no answer (the server died), a 503 (its database was unreachable) or another 5xx:
         * all of it or none of it may be there.
         */
        UNKNOWN
    }

    record OrganizationCreate(String slug, String name, Outcome outcome, String organizationId) {}

    record MemberCreate(String organizationId, String email, Outcome outcome, String memberId) {}

    /** magic_links.email.login_or_signup: a link stored, its mail queued, maybe a member created. */
    record MagicLinkSend(String organizationId, String email, Outcome outcome) {}

    /** magic_links.authenticate: the link spent, the member activated, a session minted. */
    record MagicLinkAuthenticate(
            String linkTokenHash,
            String email,
            Outcome outcome,
            String memberId,
            String sessionId,
            String sessionToken) {}

    record SessionRevoke(String sessionId, String sessionToken, Outcome outcome) {}

    /**
     * A member's name and untrusted metadata carry a version the client chose; an update writes
     * both. The version must end as the last acknowledged one, or one of the unknown ones sent
     * after it. Only the worker that created the member writes it, so its updates are ordered.
     */
    static final class MemberVersions {
        final String organizationId;
        final String memberId;
        final String email;
        private int acknowledged;
        private final Set<Integer> possible = new HashSet<>(Set.of(0));
        private int last;

        MemberVersions(String organizationId, String memberId, String email) {
            this.organizationId = organizationId;
            this.memberId = memberId;
            this.email = email;
        }

        synchronized int nextVersion() {
            return ++last;
        }

        synchronized void record(int version, Outcome outcome) {
            switch (outcome) {
                case ACKNOWLEDGED -> {
                    acknowledged = version;
                    possible.clear();
                    possible.add(version);
                }
                case UNKNOWN -> possible.add(version);
                default -> {}
            }
        }

        synchronized int acknowledged() {
            return acknowledged;
        }

        synchronized Set<Integer> possible() {
            return Set.copyOf(possible);
        }
    }

    final Queue<OrganizationCreate> organizations = new ConcurrentLinkedQueue<>();
    final Queue<MemberCreate> memberCreates = new ConcurrentLinkedQueue<>();
    final Queue<MemberVersions> members = new ConcurrentLinkedQueue<>();
    final Queue<MagicLinkSend> sends = new ConcurrentLinkedQueue<>();
    final Queue<MagicLinkAuthenticate> authenticates = new ConcurrentLinkedQueue<>();
    final Queue<SessionRevoke> revokes = new ConcurrentLinkedQueue<>();
    final LongAdder requests = new LongAdder();
    /** 5xx answers: a kill never causes one (the server just vanishes), so each is a defect. */
    final LongAdder serverErrors = new LongAdder();
    /**
     * 503 answers: the server could not reach its database (a restart of PostgreSQL) and said so;
     * the client may retry. The write's outcome is unknown, as after a kill.
     */
    final LongAdder unavailable = new LongAdder();

    private final Map<String, LongAdder[]> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    void tally(String kind, Outcome outcome) {
        outcomes
                .computeIfAbsent(kind, k ->
                        new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()})[
                outcome.ordinal()]
                .increment();
    }

    /** Kind of write -> how many ended in each {@link Outcome}, in declaration order. */
    Map<String, long[]> outcomes() {
        Map<String, long[]> out = new TreeMap<>();
        outcomes.forEach((kind, counts) -> {
            long[] values = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                values[i] = counts[i].sum();
            }
            out.put(kind, values);
        });
        return out;
    }

    void sending() {
        requests.increment();
        inFlight.incrementAndGet();
    }

    void answered() {
        inFlight.decrementAndGet();
    }

    /** Requests sent and not yet answered, right now. */
    int inFlight() {
        return inFlight.get();
    }
}
