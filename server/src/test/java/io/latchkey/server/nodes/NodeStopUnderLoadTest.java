package io.latchkey.server.nodes;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.mail.OutboxSender;
import io.latchkey.server.nodes.Balancer.Call;
import io.latchkey.server.testing.LoginFlow;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Three production nodes under concurrent load spread round-robin across them (organizations
 * and members created, magic-link logins, session checks, revocations); one node is stopped in
 * the middle: closed, cut off from its database under its in-flight transactions, or (a node
 * started by {@code latchkey start} in a process of its own) killed with SIGKILL. Every write the clients saw acknowledged must be there afterwards, read back
 * through the surviving nodes; the survivors must keep serving; and every request that failed
 * on the stopped node must be whole or absent, never half applied, before the client retries it.
 *
 * <p>Size with {@code -Dlatchkey.nodes.workers} (default 4) and {@code -Dlatchkey.nodes.journeys}
 * (default 36; a journey is 6-7 requests and a mail delivery). Figures are printed to the test's
 * output as lines starting with {@code several-nodes}.
 */
@EnabledIfSystemProperty(
        named = "latchkey.test.db",
        matches = "postgresql",
        disabledReason = "several nodes share one PostgreSQL database; SQLite is for a single node")
class NodeStopUnderLoadTest {
    static final int WORKERS = Integer.getInteger("latchkey.nodes.workers", 4);
    static final int JOURNEYS = Integer.getInteger("latchkey.nodes.journeys", 36);
    static final int STOPPED = 1;
    static final String ORGS = "/v1/b2b/organizations";
    static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    enum Stop {
        GRACEFUL,
        CUT_OFF,
        KILL
    }

    record AckedOrganization(String organizationId, String slug, String name, String domain) {}

    record AckedMember(String organizationId, String memberId, String email) {}

    record AckedSession(String sessionToken, String memberId) {}

    /** A request that got no answer, or a 5xx, and what a look through a surviving node found. */
    record InFlightFailure(String step, int node, int status, boolean applied) {}

    /** Everything the clients were told succeeded, and every failure they met. */
    static final class Ledger {
        final Queue<AckedOrganization> organizations = new ConcurrentLinkedQueue<>();
        final Queue<AckedMember> members = new ConcurrentLinkedQueue<>();
        final Queue<String> mailRequests = new ConcurrentLinkedQueue<>();
        final Queue<AckedSession> sessions = new ConcurrentLinkedQueue<>();
        final Set<String> revoked = ConcurrentHashMap.newKeySet();
        final Queue<InFlightFailure> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger journeysDone = new AtomicInteger();
        final AtomicInteger journeysStarted = new AtomicInteger();
    }

    @Test
    void gracefulStopOfANodeUnderLoadLosesNoAcknowledgedWriteAndTheOthersKeepServing() throws Exception {
        run(Stop.GRACEFUL);
    }

    @Test
    void nodeCutOffItsDatabaseUnderLoadLeavesNoRequestHalfAppliedAndLosesNoAcknowledgedWrite() throws Exception {
        run(Stop.CUT_OFF);
    }

    @Test
    void nodeProcessKilledUnderLoadLeavesNoRequestHalfAppliedAndLosesNoAcknowledgedWrite() throws Exception {
        run(Stop.KILL);
    }

    private void run(Stop stop) throws Exception {
        try (Cluster nodes = Cluster.start(3, stop == Stop.KILL ? STOPPED : -1)) {
            Balancer lb = new Balancer(nodes);
            Ledger ledger = new Ledger();
            long deadline = System.nanoTime() + RUN_LIMIT.toNanos();

            ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                running.add(workers.submit(() -> {
                    for (int j = ledger.journeysStarted.getAndIncrement();
                            j < JOURNEYS && System.nanoTime() < deadline;
                            j = ledger.journeysStarted.getAndIncrement()) {
                        new Journey(nodes, lb, ledger, "w" + worker + "j" + j, j % 2 == 0).run();
                        ledger.journeysDone.incrementAndGet();
                    }
                    return null;
                }));
            }

            // Stop one node in the middle of the load.
            while (ledger.journeysDone.get() < JOURNEYS / 3 && running.stream().noneMatch(Future::isDone)) {
                Cluster.pause(5);
            }
            lb.stopBegins();
            int journeysAtStop = ledger.journeysDone.get();
            long requestsAtStop = total(lb, Balancer.BEFORE);
            switch (stop) {
                case GRACEFUL -> nodes.stop(STOPPED);
                case CUT_OFF -> nodes.cutOff(STOPPED);
                case KILL -> nodes.kill(STOPPED);
            }
            lb.markDown(STOPPED);

            workers.shutdown();
            for (Future<?> f : running) {
                f.get(RUN_LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
            }
            assertThat(ledger.journeysDone.get()).as("journeys completed").isEqualTo(JOURNEYS);

            int checked = verify(nodes, lb, ledger);
            report(stop, lb, ledger, journeysAtStop, requestsAtStop, checked, nodes);

            if (stop == Stop.GRACEFUL) {
                // The stopped node finished the message in hand: each message arrived exactly once.
                assertThat(duplicates(nodes, ledger)).isZero();
            }
            for (int node = 0; node < nodes.size(); node++) {
                if (node != STOPPED) {
                    assertThat(lb.succeeded(Balancer.AFTER, node))
                            .as("node %d served after the stop", node)
                            .isPositive();
                    assertThat(lb.failed(Balancer.BEFORE, node) + lb.failed(Balancer.AFTER, node))
                            .as("node %d failed nothing", node)
                            .isZero();
                }
            }
        }
    }

    /** Reads every acknowledged write back through the surviving nodes; returns how many. */
    private static int verify(Cluster nodes, Balancer lb, Ledger ledger) {
        int checked = 0;
        for (AckedOrganization org : ledger.organizations) {
            JsonNode found = answered(() -> lb.get(ORGS + "/" + org.organizationId()))
                    .response()
                    .body()
                    .path("organization");
            assertThat(found.path("organization_slug").asText()).isEqualTo(org.slug());
            assertThat(found.path("organization_name").asText()).isEqualTo(org.name());
            checked++;
        }
        for (AckedMember member : ledger.members) {
            Call found = answered(
                    () -> lb.get(ORGS + "/" + member.organizationId() + "/member?member_id=" + member.memberId()));
            assertThat(found.status()).as(found.response().toString()).isEqualTo(200);
            assertThat(found.response()
                            .body()
                            .path("member")
                            .path("email_address")
                            .asText())
                    .isEqualTo(member.email());
            checked++;
        }
        for (AckedSession session : ledger.sessions) {
            Call check = answered(
                    () -> lb.post("/v1/b2b/sessions/authenticate", json("session_token", session.sessionToken())));
            if (ledger.revoked.contains(session.sessionToken())) {
                assertThat(check.status())
                        .as("revoked session %s", check.response())
                        .isEqualTo(404);
            } else {
                assertThat(check.status()).as(check.response().toString()).isEqualTo(200);
                assertThat(check.response()
                                .body()
                                .path("member")
                                .path("member_id")
                                .asText())
                        .isEqualTo(session.memberId());
            }
            checked++;
        }
        checked += ledger.revoked.size();

        // Mail: a message a stopped node had claimed is sent by a survivor once its lease expires.
        nodes.clock().advance(OutboxSender.LEASE.plusSeconds(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Outbox.statuses(nodes.database()).keySet().equals(Set.of("sent"))) {
            assertThat(System.nanoTime())
                    .as("outbox drained: %s", Outbox.statuses(nodes.database()))
                    .isLessThan(deadline);
            Cluster.pause(20);
        }
        for (String email : ledger.mailRequests) {
            List<MimeMessage> received = nodes.mailTo(email);
            int queued = Outbox.queuedFor(nodes.database(), email);
            Set<String> ids = new HashSet<>();
            received.forEach(m -> ids.add(Cluster.messageId(m)));
            assertThat(ids).as("each message queued for %s arrived", email).hasSize(queued);
            assertThat(queued).isGreaterThanOrEqualTo(1);
            checked++;
        }
        return checked;
    }

    private static void report(
            Stop stop,
            Balancer lb,
            Ledger ledger,
            int journeysAtStop,
            long requestsAtStop,
            int checked,
            Cluster nodes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "several-nodes stop=%s workers=%d journeys=%d stopped=node%d after %d journeys, %d requests%n",
                stop, WORKERS, JOURNEYS, STOPPED, journeysAtStop, requestsAtStop));
        for (int node = 0; node < nodes.size(); node++) {
            out.append(String.format(
                    "several-nodes node%d before: sent=%d ok=%d 4xx=%d failed=%d | after: sent=%d ok=%d 4xx=%d failed=%d%n",
                    node,
                    lb.sent(Balancer.BEFORE, node),
                    lb.succeeded(Balancer.BEFORE, node),
                    lb.refused(Balancer.BEFORE, node),
                    lb.failed(Balancer.BEFORE, node),
                    lb.sent(Balancer.AFTER, node),
                    lb.succeeded(Balancer.AFTER, node),
                    lb.refused(Balancer.AFTER, node),
                    lb.failed(Balancer.AFTER, node)));
        }
        long applied = ledger.failures.stream().filter(InFlightFailure::applied).count();
        int messages = ledger.mailRequests.stream()
                .mapToInt(email -> nodes.mailTo(email).size())
                .sum();
        int duplicates = duplicates(nodes, ledger);
        out.append(String.format(
                "several-nodes acknowledged writes checked=%d (organizations=%d members=%d logins=%d sessions=%d revocations=%d)"
                        + " lost=0 | failed in flight=%d (applied=%d, not applied=%d, half applied=0) %s"
                        + " | mail delivered=%d duplicates=%d%n",
                checked,
                ledger.organizations.size(),
                ledger.members.size(),
                ledger.mailRequests.size(),
                ledger.sessions.size(),
                ledger.revoked.size(),
                ledger.failures.size(),
                applied,
                ledger.failures.size() - applied,
                ledger.failures.stream()
                        .map(f -> f.step() + "@node" + f.node() + "(" + (f.status() == 0 ? "no answer" : f.status())
                                + (f.applied() ? ", applied)" : ", absent)"))
                        .toList(),
                messages,
                duplicates));
        System.out.print(out);
    }

    /** Messages received more than once (same Message-ID): at-least-once delivery after a crash. */
    private static int duplicates(Cluster nodes, Ledger ledger) {
        int duplicates = 0;
        for (String email : ledger.mailRequests) {
            duplicates += nodes.mailTo(email).size() - Outbox.queuedFor(nodes.database(), email);
        }
        return duplicates;
    }

    private static long total(Balancer lb, int phase) {
        long sum = 0;
        for (int node = 0; node < 3; node++) {
            sum += lb.sent(phase, node);
        }
        return sum;
    }

    /** Repeats a call until a node answers it (a retry lands on a surviving node). */
    static Call answered(Supplier<Call> call) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Call c = call.get();
            if (!c.failed()) {
                return c;
            }
            Cluster.pause(20);
        }
        throw new AssertionError("no node answered");
    }

    /** One client's work: an organization, a member, a magic-link login, session checks, maybe a logout. */
    static final class Journey {
        private final Cluster nodes;
        private final Balancer lb;
        private final Ledger ledger;
        private final String tag;
        private final boolean logsOut;

        Journey(Cluster nodes, Balancer lb, Ledger ledger, String tag, boolean logsOut) {
            this.nodes = nodes;
            this.lb = lb;
            this.ledger = ledger;
            this.tag = LoginFlow.unique(tag);
            this.logsOut = logsOut;
        }

        void run() {
            String domain = tag + ".load.test";
            String email = "user@" + domain;
            String orgId = createOrganization(domain);
            String memberId = createMember(orgId, email);
            String sessionToken = login(orgId, memberId, email);
            if (sessionToken == null) {
                return;
            }
            checkSession(json("session_token", sessionToken), memberId);
            if (logsOut) {
                logOut(sessionToken);
            }
        }

        private String createOrganization(String domain) {
            String slug = "org-" + tag;
            String name = "Org " + tag;
            Map<String, Object> body = json(
                    "organization_name",
                    name,
                    "organization_slug",
                    slug,
                    "email_allowed_domains",
                    List.of(domain),
                    "email_jit_provisioning",
                    "RESTRICTED");
            Call call = lb.post(ORGS, body);
            if (call.failed()) {
                Call look = answered(() -> lb.get(ORGS + "/" + slug));
                boolean applied = look.status() == 200;
                failed("create organization", call, applied);
                if (applied) {
                    // Whole, not half: the settings of the same request are there too.
                    assertThat(look.response()
                                    .body()
                                    .path("organization")
                                    .path("email_allowed_domains")
                                    .get(0)
                                    .asText())
                            .isEqualTo(domain);
                    return look.response()
                            .body()
                            .path("organization")
                            .path("organization_id")
                            .asText();
                }
                assertThat(look.status()).as(look.response().toString()).isEqualTo(404);
                call = answered(() -> lb.post(ORGS, body));
            }
            assertThat(call.status()).as(call.response().toString()).isEqualTo(200);
            String orgId = call.response()
                    .body()
                    .path("organization")
                    .path("organization_id")
                    .asText();
            ledger.organizations.add(new AckedOrganization(orgId, slug, name, domain));
            return orgId;
        }

        private String createMember(String orgId, String email) {
            Map<String, Object> body = json("email_address", email, "name", "Member " + tag);
            Call call = lb.post(ORGS + "/" + orgId + "/members", body);
            if (call.failed()) {
                Call look = answered(() -> lb.get(ORGS + "/" + orgId + "/member?email_address=" + email));
                boolean applied = look.status() == 200;
                failed("create member", call, applied);
                if (applied) {
                    assertThat(look.response()
                                    .body()
                                    .path("member")
                                    .path("name")
                                    .asText())
                            .isEqualTo("Member " + tag);
                    return look.response()
                            .body()
                            .path("member")
                            .path("member_id")
                            .asText();
                }
                assertThat(look.status()).as(look.response().toString()).isEqualTo(404);
                call = answered(() -> lb.post(ORGS + "/" + orgId + "/members", body));
            }
            assertThat(call.status()).as(call.response().toString()).isEqualTo(200);
            String memberId = call.response().body().path("member_id").asText();
            ledger.members.add(new AckedMember(orgId, memberId, email));
            return memberId;
        }

        /** Requests a link on one node, redeems it on another; returns the session token, or null. */
        private String login(String orgId, String memberId, String email) {
            Map<String, Object> send = json("organization_id", orgId, "email_address", email);
            Call sent = lb.post("/v1/b2b/magic_links/email/login_or_signup", send);
            if (sent.failed()) {
                int queued = Outbox.queuedFor(nodes.database(), email);
                assertThat(queued)
                        .as("the link and its mail are queued together or not at all")
                        .isBetween(0, 1);
                failed("magic link send", sent, queued == 1);
                if (queued == 0) {
                    sent = answered(() -> lb.post("/v1/b2b/magic_links/email/login_or_signup", send));
                }
            }
            if (!sent.failed()) {
                assertThat(sent.status()).as(sent.response().toString()).isEqualTo(200);
            }
            ledger.mailRequests.add(email);
            String link = nodes.awaitLinkOrNull(email, Duration.ofSeconds(10));
            if (link == null) {
                // Claimed by the node that was cut off: it waits for its lease, checked at the end.
                return null;
            }
            String token = LoginFlow.tokenOf(link);

            Map<String, Object> redeem = json("magic_links_token", token, "session_duration_minutes", 60);
            Call authenticated = lb.post("/v1/b2b/magic_links/authenticate", redeem);
            if (authenticated.failed()) {
                // Retried on a survivor: the token is unused (and no session was made) or it was used
                // and made exactly one session; never one without the other.
                Call retry = answered(() -> lb.post("/v1/b2b/magic_links/authenticate", redeem));
                boolean applied = retry.status() != 200;
                failed("magic link authenticate", authenticated, applied);
                assertThat(sessionsOf(orgId, memberId)).isEqualTo(1);
                if (applied) {
                    assertThat(retry.status()).as(retry.response().toString()).isBetween(400, 499);
                    return null;
                }
                authenticated = retry;
            }
            assertThat(authenticated.status())
                    .as(authenticated.response().toString())
                    .isEqualTo(200);
            String sessionToken =
                    authenticated.response().body().path("session_token").asText();
            ledger.sessions.add(new AckedSession(sessionToken, memberId));
            checkSession(
                    json(
                            "session_jwt",
                            authenticated.response().body().path("session_jwt").asText()),
                    memberId);
            return sessionToken;
        }

        private int sessionsOf(String orgId, String memberId) {
            Call list = answered(() -> lb.get("/v1/b2b/sessions?organization_id=" + orgId + "&member_id=" + memberId));
            assertThat(list.status()).as(list.response().toString()).isEqualTo(200);
            return list.response().body().path("member_sessions").size();
        }

        private void checkSession(Map<String, Object> credential, String memberId) {
            Call call = lb.post("/v1/b2b/sessions/authenticate", credential);
            if (call.failed()) {
                failed("session authenticate", call, false);
                call = answered(() -> lb.post("/v1/b2b/sessions/authenticate", credential));
            }
            assertThat(call.status()).as(call.response().toString()).isEqualTo(200);
            assertThat(call.response().body().path("member").path("member_id").asText())
                    .isEqualTo(memberId);
        }

        private void logOut(String sessionToken) {
            Map<String, Object> body = json("session_token", sessionToken);
            Call call = lb.post("/v1/b2b/sessions/revoke", body);
            if (call.failed()) {
                Call retry = answered(() -> lb.post("/v1/b2b/sessions/revoke", body));
                failed("session revoke", call, retry.status() == 404);
                assertThat(retry.status()).as(retry.response().toString()).isIn(200, 404);
            } else {
                assertThat(call.status()).as(call.response().toString()).isEqualTo(200);
            }
            ledger.revoked.add(sessionToken);
            // Seen at once by whichever node answers next.
            Call after = answered(() -> lb.post("/v1/b2b/sessions/authenticate", body));
            assertThat(after.status()).as(after.response().toString()).isEqualTo(404);
        }

        private void failed(String step, Call call, boolean applied) {
            ledger.failures.add(new InFlightFailure(step, call.node(), call.status(), applied));
        }
    }
}
