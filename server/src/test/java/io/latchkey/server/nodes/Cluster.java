package io.latchkey.server.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.App;
import io.latchkey.server.config.Settings;
import io.latchkey.server.core.Environment;
import io.latchkey.server.mail.TestSmtp;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.Project;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.TestDatabase;
import io.latchkey.server.testing.TestServer;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several production-mode ({@code start}) nodes on one fresh PostgreSQL database, sharing the
 * master key, the public base URL, one real SMTP server (GreenMail) and the time, as nodes behind
 * a load balancer would. The nodes are started at the same moment, so the first start of the
 * schema is a concurrent one. Nodes run in this JVM (an {@code App} each, with its own port and
 * connection pool), or one of them in a process of its own, to be killed.
 */
final class Cluster implements AutoCloseable {
    static final String BASE_URL = "https://auth.nodes.test";
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+stytch_token_type=[^\\s\"'<>]+");

    private final TestDatabase database;
    private final TestSmtp smtp;
    private final ShiftingClock clock;
    private final App[] apps;
    private final NodeProcess[] processes;
    private final NewProject project;

    private Cluster(
            TestDatabase database,
            TestSmtp smtp,
            ShiftingClock clock,
            App[] apps,
            NodeProcess[] processes,
            NewProject project) {
        this.database = database;
        this.smtp = smtp;
        this.clock = clock;
        this.apps = apps;
        this.processes = processes;
        this.project = project;
    }

    /** {@code size} nodes in this JVM. */
    static Cluster start(int size) {
        return start(size, -1);
    }

    /**
     * {@code size} nodes, node {@code processNode} (not 0, which makes the test project) started
     * by {@code latchkey start} in a process of its own; -1 for none.
     */
    static Cluster start(int size, int processNode) {
        TestDatabase database = TestDatabase.create();
        TestSmtp smtp = TestSmtp.up();
        ShiftingClock clock = new ShiftingClock();
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        App[] apps = new App[size];
        NodeProcess[] processes = new NodeProcess[size];
        ExecutorService starter = Executors.newFixedThreadPool(size);
        try {
            List<Future<?>> starting = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int node = i;
                if (node == processNode) {
                    Map<String, String> env = Map.of(
                            "LATCHKEY_DB_URL",
                            database.jdbcUrl(),
                            "LATCHKEY_DB_POOL_SIZE",
                            "6",
                            "LATCHKEY_MASTER_KEY",
                            Base64.getEncoder().encodeToString(masterKey),
                            "LATCHKEY_BASE_URL",
                            BASE_URL,
                            "LATCHKEY_SMTP_HOST",
                            smtp.settings().host(),
                            "LATCHKEY_SMTP_PORT",
                            Integer.toString(smtp.settings().port()),
                            "LATCHKEY_SMTP_FROM",
                            TestSmtp.FROM,
                            "LATCHKEY_SMTP_SECURITY",
                            "none",
                            // Probes on the API port, which the cluster watches; no management port to clash on.
                            "LATCHKEY_MANAGEMENT_PORT",
                            "off");
                    starting.add(starter.submit(() -> processes[node] = NodeProcess.start(env)));
                } else {
                    Settings settings = new Settings(
                            false,
                            "127.0.0.1",
                            0,
                            null,
                            database.jdbcUrl(),
                            null,
                            null,
                            6,
                            masterKey,
                            BASE_URL,
                            smtp.settings(),
                            null,
                            null);
                    starting.add(starter.submit(() -> apps[node] = App.start(settings, clock)));
                }
            }
            for (Future<?> f : starting) {
                f.get(120, TimeUnit.SECONDS);
            }
            NewProject project = apps[0].projects().create("Nodes", Environment.TEST, TestServer.devRedirects());
            return new Cluster(database, smtp, clock, apps, processes, project);
        } catch (Exception e) {
            closeAll(apps, processes);
            smtp.close();
            database.close();
            throw new IllegalStateException("the nodes did not start", e);
        } finally {
            starter.shutdownNow();
        }
    }

    int size() {
        return apps.length;
    }

    /** Node {@code i}, when it runs in this JVM. */
    App node(int i) {
        if (apps[i] == null) {
            throw new IllegalArgumentException("node " + i + " runs in a process of its own");
        }
        return apps[i];
    }

    String baseUrl(int i) {
        return apps[i] != null ? TestServer.baseUrlOf(apps[i]) : processes[i].baseUrl();
    }

    /** The test project's API on node {@code i}. */
    ApiClient client(int i) {
        return new ApiClient(baseUrl(i), projectId(), project.secret());
    }

    Project project() {
        return project.project();
    }

    String projectId() {
        return project.project().projectId();
    }

    String secret() {
        return project.secret();
    }

    ShiftingClock clock() {
        return clock;
    }

    TestDatabase database() {
        return database;
    }

    TestSmtp smtp() {
        return smtp;
    }

    /** A graceful stop: the node stops serving HTTP, its mail sender finishes the message in hand. */
    void stop(int i) {
        node(i).close();
    }

    /**
     * A hard stop, as close as one process can come to a crash of another: the node's database
     * connections are aborted under its in-flight transactions first (PostgreSQL rolls them back,
     * as it does when a process dies), then it stops serving.
     */
    void cutOff(int i) {
        node(i).database().close();
        node(i).close();
    }

    /** SIGKILL to the node's process: a crash, with nothing closed or finished. */
    void kill(int i) {
        processes[i].kill();
    }

    /** Every message GreenMail received for {@code recipient}, oldest first. */
    List<MimeMessage> mailTo(String recipient) {
        return smtp.inboxOf(recipient);
    }

    /** The magic link of the newest message to {@code recipient}, or null when none came yet. */
    String newestLinkTo(String recipient) {
        List<MimeMessage> mail = mailTo(recipient);
        return mail.isEmpty() ? null : linkIn(mail.get(mail.size() - 1));
    }

    /** Waits (bounded) for the {@code count}-th message to {@code recipient}; returns its link. */
    String awaitLink(String recipient, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<MimeMessage> mail = mailTo(recipient);
            if (mail.size() >= count) {
                return linkIn(mail.get(count - 1));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("message " + count + " to " + recipient + " did not arrive");
            }
            pause(20);
        }
    }

    /** The link of the first message to {@code recipient}, or null when none came within {@code wait}. */
    String awaitLinkOrNull(String recipient, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> mail = mailTo(recipient);
            if (!mail.isEmpty()) {
                return linkIn(mail.get(0));
            }
            pause(20);
        }
        return null;
    }

    static String linkIn(MimeMessage message) {
        try {
            Multipart parts = (Multipart) message.getContent();
            BodyPart text = parts.getBodyPart(0);
            Matcher matcher = LINK.matcher((String) text.getContent());
            assertThat(matcher.find()).as("a link in the message").isTrue();
            return matcher.group();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void closeAll(App[] apps, NodeProcess[] processes) {
        for (App app : apps) {
            if (app != null) {
                app.close();
            }
        }
        for (NodeProcess process : processes) {
            if (process != null) {
                process.close();
            }
        }
    }

    @Override
    public void close() {
        closeAll(apps, processes);
        smtp.close();
        database.close();
    }
}
