package io.latchkey.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.server.App;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SmtpSettings;
import io.latchkey.server.core.Environment;
import io.latchkey.server.testing.DevMailbox;
import io.latchkey.server.testing.MutableClock;
import io.latchkey.server.testing.TestDatabase;
import io.latchkey.server.testing.TestServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Delivery through a real SMTP server (GreenMail), in production mode unless said otherwise. */
class SmtpDeliveryTest {
    private static final String LINK =
            "http://localhost:3000/authenticate?stytch_token_type=multi_tenant_magic_links&token=";

    private static String link() {
        return LINK + io.latchkey.server.core.Tokens.newToken();
    }

    @Test
    void queuedEmailArrivesOnceAsMultipartHtmlAndTextWithOrganizationNameAndLink() throws Exception {
        try (TestSmtp smtp = TestSmtp.up();
                TestServer server = TestServer.start(o -> o.withDevMode(false).withSmtp(smtp.settings()))) {
            String link = link();
            String id = Outbox.queueLogin(server.app(), server.projectId(), "ada@example.com", "Zürich & Co", link);

            DevMailbox.until(
                    "the message is sent",
                    () -> Outbox.status(server.database(), id).equals("sent"));
            List<MimeMessage> received = smtp.receivedBy("ada@example.com");
            assertThat(received).hasSize(1);
            MimeMessage mail = received.get(0);
            assertThat(mail.getFrom()).containsExactly(new InternetAddress(TestSmtp.FROM));
            assertThat(mail.getSubject()).isEqualTo("Log in to Zürich & Co");
            assertThat(mail.getSentDate()).isNotNull();
            assertThat(mail.getMessageID()).isEqualTo("<" + id + "@latchkey.test>");
            assertThat(mail.getContentType()).startsWith("multipart/alternative");

            Multipart parts = (Multipart) mail.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            BodyPart text = parts.getBodyPart(0);
            BodyPart html = parts.getBodyPart(1);
            assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
            assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("utf-8");
            assertThat((String) text.getContent()).contains("Zürich & Co").contains(link);
            assertThat((String) html.getContent())
                    .contains("Zürich &amp; Co")
                    .contains("href=\"" + link.replace("&", "&amp;") + "\"");
            assertThat(Outbox.attempts(server.database(), id)).isEqualTo(1);
        }
    }

    @Test
    void whenSmtpIsDownQueuedMailWaitsAndEachMessageArrivesExactlyOnceWhenItIsBack() {
        try (TestSmtp smtp = TestSmtp.down();
                TestServer server = TestServer.start(o -> o.withDevMode(false).withSmtp(smtp.settings()))) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(Outbox.queueLogin(
                        server.app(), server.projectId(), "user" + i + "@example.com", "Acme", link()));
            }
            DevMailbox.until(
                    "every message has failed once",
                    () -> ids.stream().allMatch(id -> Outbox.failedOnce(server.database(), id)));
            assertThat(ids).allMatch(id -> Outbox.status(server.database(), id).equals("queued"));

            smtp.start();
            // Past any backoff: the retries are due now.
            server.clock().advance(Duration.ofMinutes(10));
            DevMailbox.until(
                    "every message is sent",
                    () -> ids.stream()
                            .allMatch(id -> Outbox.status(server.database(), id).equals("sent")));

            assertThat(smtp.received()).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(smtp.receivedBy("user" + i + "@example.com")).hasSize(1);
            }
            assertThat(messageIds(smtp.received())).hasSize(5);
        }
    }

    @Test
    @SuppressWarnings("try") // the second server only has to run, not be called
    void mailQueuedBeforeARestartIsSentByTheNextServerOnTheSameDatabase() {
        byte[] masterKey = new byte[32];
        try (TestSmtp smtp = TestSmtp.down();
                TestDatabase db = TestDatabase.create()) {
            List<String> ids = new ArrayList<>();
            String projectId;
            try (App first = App.start(settings(db, masterKey, smtp.settings()), MutableClock.startingNow())) {
                projectId = first.projects()
                        .create("Restart", Environment.TEST, List.of())
                        .project()
                        .projectId();
                for (int i = 0; i < 3; i++) {
                    ids.add(Outbox.queueLogin(first, projectId, "r" + i + "@example.com", "Acme", link()));
                }
                DevMailbox.until(
                        "the first server has tried them all",
                        () -> ids.stream().allMatch(id -> Outbox.failedOnce(db, id)));
            }
            assertThat(ids).allMatch(id -> Outbox.status(db, id).equals("queued"));

            smtp.start();
            MutableClock later = new MutableClock(Instant.now().plus(Duration.ofMinutes(10)));
            try (App second = App.start(settings(db, masterKey, smtp.settings()), later)) {
                DevMailbox.until(
                        "the second server sent them",
                        () -> ids.stream().allMatch(id -> Outbox.status(db, id).equals("sent")));
            }
            assertThat(smtp.received()).hasSize(3);
            assertThat(messageIds(smtp.received())).hasSize(3);
        }
    }

    @Test
    void twoNodesSharingOneDatabaseSendEachMessageExactlyOnce() {
        byte[] masterKey = new byte[32];
        try (TestSmtp smtp = TestSmtp.up();
                TestDatabase db = TestDatabase.create();
                App first = App.start(settings(db, masterKey, smtp.settings()), MutableClock.startingNow());
                App second = App.start(settings(db, masterKey, smtp.settings()), MutableClock.startingNow())) {
            String projectId = first.projects()
                    .create("Nodes", Environment.TEST, List.of())
                    .project()
                    .projectId();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                App node = i % 2 == 0 ? first : second;
                ids.add(Outbox.queueLogin(node, projectId, "n" + i + "@example.com", "Acme", link()));
            }
            DevMailbox.until(
                    "every message is sent",
                    () -> Outbox.rows(db).stream().allMatch(r -> "sent".equals(r.get("status"))));
            assertThat(smtp.received()).hasSize(30);
            for (int i = 0; i < 30; i++) {
                assertThat(smtp.receivedBy("n" + i + "@example.com")).hasSize(1);
            }
            assertThat(ids).allMatch(id -> Outbox.attempts(db, id) == 1);
        }
    }

    @Test
    void smtpCredentialsAreUsedAndARejectedLoginIsRetriedNotGivenUp() {
        try (TestSmtp smtp = TestSmtp.up()) {
            smtp.addUser("relay-user", "relay-password");
            try (TestServer server =
                    TestServer.start(o -> o.withDevMode(false).withSmtp(credentials(smtp, "wrong-password")))) {
                String id = Outbox.queueLogin(server.app(), server.projectId(), "denied@example.com", "Acme", link());
                DevMailbox.until("a delivery failed", () -> Outbox.failedOnce(server.database(), id));
                Map<String, Object> row = Outbox.row(server.database(), id);
                assertThat(row.get("status")).isEqualTo("queued");
                assertThat((String) row.get("last_error")).contains("AuthenticationFailedException");
                assertThat(smtp.received()).isEmpty();
            }
            try (TestServer server =
                    TestServer.start(o -> o.withDevMode(false).withSmtp(credentials(smtp, "relay-password")))) {
                String id = Outbox.queueLogin(server.app(), server.projectId(), "auth@example.com", "Acme", link());
                DevMailbox.until(
                        "the message is sent",
                        () -> Outbox.status(server.database(), id).equals("sent"));
                assertThat(smtp.receivedBy("auth@example.com")).hasSize(1);
            }
        }
    }

    private static SmtpSettings credentials(TestSmtp smtp, String password) {
        SmtpSettings plain = smtp.settings();
        return new SmtpSettings(plain.host(), plain.port(), "relay-user", password, TestSmtp.FROM, "none");
    }

    @Test
    void messageClaimedByANodeThatDiedIsSentOnceItsLeaseExpires() {
        try (TestSmtp smtp = TestSmtp.up();
                TestServer server = TestServer.start(o -> o.withDevMode(false).withSmtp(smtp.settings()))) {
            App app = server.app();
            Instant leaseEnd = server.clock().instant().plus(OutboxSender.LEASE);
            String orphan = app.database().inTransaction(tx -> {
                String id = Outbox.queueLogin(tx, app, server.projectId(), "orphan@example.com", "Acme", link());
                // What a node leaves behind when it dies mid-send.
                tx.update(
                        "UPDATE mail_outbox SET claim_token = 'dead-node', claimed_until = ?,"
                                + " attempts = 1 WHERE message_id = ?",
                        leaseEnd,
                        id);
                return id;
            });
            String sentinel = Outbox.queueLogin(app, server.projectId(), "sentinel@example.com", "Acme", link());
            DevMailbox.until(
                    "the sentinel is sent",
                    () -> Outbox.status(server.database(), sentinel).equals("sent"));
            assertThat(Outbox.status(server.database(), orphan)).isEqualTo("queued");
            assertThat(smtp.receivedBy("orphan@example.com")).isEmpty();

            server.clock().advance(OutboxSender.LEASE.plusSeconds(1));
            DevMailbox.until(
                    "the orphan is sent",
                    () -> Outbox.status(server.database(), orphan).equals("sent"));
            assertThat(smtp.receivedBy("orphan@example.com")).hasSize(1);
            assertThat(Outbox.attempts(server.database(), orphan)).isEqualTo(2);
        }
    }

    @Test
    void rolledBackTransactionQueuesNothing() {
        try (TestSmtp smtp = TestSmtp.up();
                TestServer server = TestServer.start(o -> o.withDevMode(false).withSmtp(smtp.settings()))) {
            App app = server.app();
            assertThatThrownBy(() -> app.database().useTransaction(tx -> {
                        Outbox.queueLogin(tx, app, server.projectId(), "ghost@example.com", "Acme", link());
                        throw new IllegalStateException("the caller's work failed");
                    }))
                    .hasMessage("the caller's work failed");
            String sentinel = Outbox.queueLogin(app, server.projectId(), "sentinel@example.com", "Acme", link());
            DevMailbox.until(
                    "the sentinel is sent",
                    () -> Outbox.status(server.database(), sentinel).equals("sent"));

            assertThat(Outbox.rows(server.database())).hasSize(1);
            assertThat(smtp.received()).hasSize(1);
            assertThat(smtp.receivedBy("ghost@example.com")).isEmpty();
        }
    }

    @Test
    void bodyIsSealedAtRestAndErasedOnceSentInProduction() {
        try (TestSmtp smtp = TestSmtp.down();
                TestServer server = TestServer.start(o -> o.withDevMode(false).withSmtp(smtp.settings()))) {
            String token = io.latchkey.server.core.Tokens.newToken();
            String id =
                    Outbox.queueLogin(server.app(), server.projectId(), "seal@example.com", "Sealed Org", LINK + token);
            DevMailbox.until("a delivery failed", () -> Outbox.failedOnce(server.database(), id));

            Map<String, Object> queued = Outbox.row(server.database(), id);
            assertThat(queued.get("sealed_body")).isNotNull();
            assertThat(Outbox.asText(queued))
                    .doesNotContain(token)
                    .doesNotContain("localhost:3000")
                    .doesNotContain("Sealed Org")
                    .doesNotContain("Log in");

            smtp.start();
            server.clock().advance(Duration.ofMinutes(10));
            DevMailbox.until(
                    "the message is sent",
                    () -> Outbox.status(server.database(), id).equals("sent"));
            Map<String, Object> sent = Outbox.row(server.database(), id);
            assertThat(sent.get("sealed_body")).isNull();
            assertThat(sent.get("recipient")).isEqualTo("seal@example.com");
            assertThat(sent.get("sent_at")).isNotNull();
            assertThat(smtp.receivedBy("seal@example.com")).hasSize(1);
        }
    }

    @Test
    void recipientThatIsNotAnAddressIsGivenUpAtOnceAndItsBodyErased() {
        try (TestSmtp smtp = TestSmtp.up();
                TestServer server = TestServer.start(o -> o.withDevMode(false).withSmtp(smtp.settings()))) {
            String id = Outbox.queueLogin(server.app(), server.projectId(), "not an address", "Acme", link());
            DevMailbox.until(
                    "the message is given up",
                    () -> Outbox.status(server.database(), id).equals("failed"));
            Map<String, Object> row = Outbox.row(server.database(), id);
            assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
            assertThat(row.get("sealed_body")).isNull();
            assertThat((String) row.get("last_error")).contains("not a valid email address");
            assertThat(smtp.received()).isEmpty();
        }
    }

    @Test
    void devModeWithSmtpSendsTheMailAndKeepsItInTheDevMailbox() {
        try (TestSmtp smtp = TestSmtp.up();
                TestServer server = TestServer.start(o -> o.withSmtp(smtp.settings()))) {
            String link = link();
            String id = Outbox.queueLogin(server.app(), server.projectId(), "dev@example.com", "Acme", link);
            DevMailbox.until(
                    "the message is sent",
                    () -> Outbox.status(server.database(), id).equals("sent"));
            assertThat(smtp.receivedBy("dev@example.com")).hasSize(1);

            var messages = server.client().as(null, null).get("/dev/mailbox/messages?to=dev@example.com");
            assertThat(messages.body()).hasSize(1);
            assertThat(messages.body().get(0).path("text").asText()).contains(link);
            assertThat(messages.body().get(0).path("sent_at").asText()).isNotBlank();
        }
    }

    private static Settings settings(TestDatabase db, byte[] masterKey, SmtpSettings smtp) {
        return new Settings(
                false, "127.0.0.1", 0, null, db.jdbcUrl(), null, null, 4, masterKey, "http://127.0.0.1", smtp, null);
    }

    private static java.util.Set<String> messageIds(List<MimeMessage> messages) {
        return messages.stream()
                .map(m -> {
                    try {
                        return m.getMessageID();
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.toSet());
    }
}
