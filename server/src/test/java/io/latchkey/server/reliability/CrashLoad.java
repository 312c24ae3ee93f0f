package io.latchkey.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.reliability.Journal.MagicLinkAuthenticate;
import io.latchkey.server.reliability.Journal.MagicLinkSend;
import io.latchkey.server.reliability.Journal.MemberCreate;
import io.latchkey.server.reliability.Journal.MemberVersions;
import io.latchkey.server.reliability.Journal.OrganizationCreate;
import io.latchkey.server.reliability.Journal.Outcome;
import io.latchkey.server.reliability.Journal.SessionRevoke;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients of a crash run: a few workers writing over HTTP as fast as the server answers
 * (organizations, members, member updates, magic-link sends and authentications, session
 * revocations), through kills and restarts, recording each write in the {@link Journal}; and a
 * courier handing each mailed link to the worker whose address it went to.
 */
final class CrashLoad implements AutoCloseable {
    static final String DOMAIN = "crash.example";
    /**
     * Links acknowledged but not yet arrived, per writer, above which writers send no more. A
     * node's outbox delivers a few messages at a time (LATCHKEY_MAIL_SENDERS), and may fall behind
     * what eight writers can queue; unpaced, the outbox would grow without end and the run would measure
     * that instead of crashes. Clients waiting for their mail pace themselves the same way.
     */
    private static final int MAIL_BACKLOG_PER_WORKER = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final Journal journal;
    private final MailInbox inbox;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> organizations = new CopyOnWriteArrayList<>();
    private final AtomicLong linksAcknowledged = new AtomicLong();
    private final AtomicLong linksArrived = new AtomicLong();
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    CrashLoad(
            String baseUrl,
            String projectId,
            String secret,
            Journal journal,
            MailInbox inbox,
            int workerCount,
            long seed) {
        this.baseUrl = baseUrl;
        this.authorization = "Basic "
                + Base64.getEncoder().encodeToString((projectId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        this.journal = journal;
        this.inbox = inbox;
        for (int i = 0; i < workerCount; i++) {
            workers.add(new Worker(i, new Random(seed + i)));
        }
    }

    void start() {
        for (Worker w : workers) {
            threads.add(new Thread(w, "crash-worker-" + w.index));
        }
        threads.add(new Thread(this::deliverLinks, "crash-courier"));
        threads.forEach(Thread::start);
    }

    /** Stops after the requests in progress; their outcomes are journaled. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
    }

    private void deliverLinks() {
        while (running) {
            for (MailInbox.Delivery d : inbox.newDeliveries()) {
                linksArrived.incrementAndGet();
                Worker owner = ownerOf(d.recipient());
                if (owner != null && d.token() != null) {
                    owner.links.add(d);
                }
            }
            ServerProcess.pause(50);
        }
    }

    private Worker ownerOf(String email) {
        if (!email.startsWith("w") || email.indexOf('-') < 0) {
            return null;
        }
        int index = Integer.parseInt(email.substring(1, email.indexOf('-')));
        return index < workers.size() ? workers.get(index) : null;
    }

    /** One client. Writes only its own members and sessions, so its updates are ordered. */
    private final class Worker implements Runnable {
        final int index;
        final Random random;
        final Queue<MailInbox.Delivery> links = new ConcurrentLinkedQueue<>();
        final List<MemberVersions> members = new ArrayList<>();
        final List<Membership> active = new ArrayList<>();
        final Deque<String[]> liveSessions = new ArrayDeque<>(); // {session id, session token}
        int counter;

        Worker(int index, Random random) {
            this.index = index;
            this.random = random;
        }

        @Override
        public void run() {
            while (running) {
                Outcome outcome = step();
                if (outcome == Outcome.NOT_SENT || outcome == Outcome.UNKNOWN) {
                    // The server is down or going down; wait for the restart without spinning.
                    ServerProcess.pause(100);
                }
            }
        }

        private Outcome step() {
            if (organizations.isEmpty() || random.nextInt(100) < 6) {
                return createOrganization();
            }
            MailInbox.Delivery link = links.poll();
            if (link != null) {
                return authenticate(link);
            }
            int dice = random.nextInt(100);
            if (dice < 25) {
                return createMember();
            }
            if (dice < 50 && !members.isEmpty()) {
                return updateMember(members.get(random.nextInt(members.size())));
            }
            boolean mailBacklog =
                    linksAcknowledged.get() - linksArrived.get() >= (long) MAIL_BACKLOG_PER_WORKER * workers.size();
            if (mailBacklog) {
                return dice < 50
                        ? createMember()
                        : members.isEmpty()
                                ? createOrganization()
                                : updateMember(members.get(random.nextInt(members.size())));
            }
            if (dice < 60 && !active.isEmpty()) {
                Membership m = active.get(random.nextInt(active.size()));
                return sendLink(m.organizationId(), m.email());
            }
            if (dice < 75 && !liveSessions.isEmpty()) {
                return revoke(liveSessions.pollFirst());
            }
            return sendLink(someOrganization(), newEmail("s"));
        }

        private String newEmail(String kind) {
            return "w" + index + "-" + kind + (++counter) + "@" + DOMAIN;
        }

        private String someOrganization() {
            return organizations.get(random.nextInt(organizations.size()));
        }

        private Outcome createOrganization() {
            String slug = "crash-w" + index + "-" + (++counter);
            String name = "Crash " + slug;
            Answer a = post(
                    "organizations.create",
                    "/v1/b2b/organizations",
                    json(
                            "organization_name",
                            name,
                            "organization_slug",
                            slug,
                            "email_allowed_domains",
                            List.of(DOMAIN),
                            "email_jit_provisioning",
                            "RESTRICTED"));
            String id = a.acknowledged()
                    ? a.body.path("organization").path("organization_id").asText()
                    : null;
            journal.organizations.add(new OrganizationCreate(slug, name, a.outcome, id));
            if (id != null) {
                organizations.add(id);
            }
            return a.outcome;
        }

        private Outcome createMember() {
            String org = someOrganization();
            String email = newEmail("m");
            Answer a = post(
                    "members.create",
                    "/v1/b2b/organizations/" + org + "/members",
                    json(
                            "email_address", email,
                            "name", CrashLoad.memberName(email, 0),
                            "untrusted_metadata", Map.of("version", 0)));
            String id =
                    a.acknowledged() ? a.body.path("member").path("member_id").asText() : null;
            journal.memberCreates.add(new MemberCreate(org, email, a.outcome, id));
            if (id != null) {
                MemberVersions versions = new MemberVersions(org, id, email);
                members.add(versions);
                journal.members.add(versions);
            }
            return a.outcome;
        }

        private Outcome updateMember(MemberVersions member) {
            int version = member.nextVersion();
            Answer a = CrashLoad.this.send(
                    "members.update",
                    "PUT",
                    "/v1/b2b/organizations/" + member.organizationId + "/members/" + member.memberId,
                    json(
                            "name", CrashLoad.memberName(member.email, version),
                            "untrusted_metadata", Map.of("version", version)));
            member.record(version, a.outcome);
            return a.outcome;
        }

        private Outcome sendLink(String org, String email) {
            Answer a = post(
                    "magic_links.email.login_or_signup",
                    "/v1/b2b/magic_links/email/login_or_signup",
                    json("organization_id", org, "email_address", email));
            journal.sends.add(new MagicLinkSend(org, email, a.outcome));
            if (a.acknowledged()) {
                linksAcknowledged.incrementAndGet();
            }
            return a.outcome;
        }

        private Outcome authenticate(MailInbox.Delivery link) {
            Answer a = post(
                    "magic_links.authenticate",
                    "/v1/b2b/magic_links/authenticate",
                    json("magic_links_token", link.token(), "session_duration_minutes", 600));
            String memberId = null;
            String sessionId = null;
            String token = null;
            if (a.acknowledged()) {
                memberId = a.body.path("member_id").asText();
                sessionId =
                        a.body.path("member_session").path("member_session_id").asText();
                token = a.body.path("session_token").asText();
                liveSessions.addLast(new String[] {sessionId, token});
                // An active member now: later logins of this address go to its organization.
                Membership m = new Membership(
                        link.recipient(), a.body.path("organization_id").asText());
                if (!active.contains(m)) {
                    active.add(m);
                }
            }
            journal.authenticates.add(new MagicLinkAuthenticate(
                    Tokens.hash(link.token()), link.recipient(), a.outcome, memberId, sessionId, token));
            return a.outcome;
        }

        private Outcome revoke(String[] session) {
            Answer a = post("sessions.revoke", "/v1/b2b/sessions/revoke", json("session_token", session[1]));
            journal.revokes.add(new SessionRevoke(session[0], session[1], a.outcome));
            return a.outcome;
        }
    }

    private record Membership(String email, String organizationId) {}

    static String memberName(String email, int version) {
        return "Member " + email.substring(0, email.indexOf('@')) + " v" + version;
    }

    private static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    record Answer(Outcome outcome, int status, JsonNode body) {
        boolean acknowledged() {
            return outcome == Outcome.ACKNOWLEDGED;
        }
    }

    private Answer post(String kind, String path, Object body) {
        return send(kind, "POST", path, body);
    }

    private Answer send(String kind, String method, String path, Object body) {
        Answer answer = exchange(method, path, body);
        journal.tally(kind, answer.outcome);
        if (answer.outcome == Outcome.REFUSED) {
            // Every write the run makes is valid: a refusal is worth reading in the report's log.
            System.err.println("crash run: " + kind + " refused: " + answer.body);
        }
        return answer;
    }

    private Answer exchange(String method, String path, Object body) {
        journal.sending();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = r.statusCode();
            if (status >= 200 && status < 300) {
                return new Answer(Outcome.ACKNOWLEDGED, status, JSON.readTree(r.body()));
            }
            if (status >= 400 && status < 500) {
                return new Answer(Outcome.REFUSED, status, JSON.readTree(r.body()));
            }
            if (status == 503) {
                journal.unavailable.increment();
            } else {
                journal.serverErrors.increment();
            }
            return new Answer(Outcome.UNKNOWN, status, null);
        } catch (ConnectException e) {
            return new Answer(Outcome.NOT_SENT, 0, null);
        } catch (IOException e) {
            return new Answer(Outcome.UNKNOWN, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Outcome.UNKNOWN, 0, null);
        } finally {
            journal.answered();
        }
    }
}
