package io.latchkey.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.App;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SmsSettings;
import io.latchkey.server.config.SmtpSettings;
import io.latchkey.server.core.Environment;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.testing.DevMailbox;
import io.latchkey.server.testing.MutableClock;
import io.latchkey.server.testing.TestDatabase;
import io.latchkey.server.testing.TestServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outbox's batching: messages claimed together each get their own outcome, workers keep
 * their SMTP connections open between messages and open them again when the server drops
 * them, and nodes claiming at once never send a message twice. Real SMTP (GreenMail) throughout.
 */
class OutboxBatchingTest {
    private static final String LINK =
            "http://localhost:3000/authenticate?stytch_token_type=multi_tenant_magic_links&token=";

    @Test
    void messagesClaimedTogetherEachGetTheirOwnOutcome() {
        try (TestSmtp smtp = TestSmtp.up();
                TestServer server = TestServer.start(
                        o -> o.withDevMode(false).withSmtp(smtp.settings()).withSms(unreachableSms()))) {
            App app = server.app();
            String project = server.projectId();
            List<String> good = new ArrayList<>();
            String[] others = new String[3];
            // One transaction: every message becomes due at the same moment, and one claim takes
            // them all (a claim takes up to OutboxSender.BATCH).
            app.database().useTransaction(tx -> {
                for (int i = 0; i < 3; i++) {
                    good.add(Outbox.queueLogin(tx, app, project, "ok" + i + "@example.com", "Acme", link()));
                }
                others[0] = Outbox.queueLogin(tx, app, project, "not an address", "Acme", link());
                others[1] = app.mail().queue(tx, project, MailMessage.sms("+14155552671", "123456 is your code"));
                others[2] = Outbox.queueLogin(tx, app, project, "tampered@example.com", "Acme", link());
                // A body moved onto another row no longer opens (it is bound to its message id).
                tx.update(
                        "UPDATE mail_outbox SET sealed_body = (SELECT sealed_body FROM mail_outbox"
                                + " WHERE message_id = ?) WHERE message_id = ?",
                        good.get(0),
                        others[2]);
            });
            String invalid = others[0];
            String sms = others[1];
            String tampered = others[2];

            DevMailbox.until(
                    "every message has an outcome",
                    () -> good.stream()
                                    .allMatch(id ->
                                            Outbox.status(server.database(), id).equals("sent"))
                            && Outbox.status(server.database(), invalid).equals("failed")
                            && Outbox.status(server.database(), tampered).equals("failed")
                            && Outbox.failedOnce(server.database(), sms));

            for (int i = 0; i < 3; i++) {
                assertThat(smtp.receivedBy("ok" + i + "@example.com")).hasSize(1);
                Map<String, Object> row = Outbox.row(server.database(), good.get(i));
                assertThat(row.get("last_error")).isNull();
                assertThat(row.get("sealed_body")).isNull();
            }
            assertThat(smtp.received()).hasSize(3);
            assertThat((String) Outbox.row(server.database(), invalid).get("last_error"))
                    .contains("not a valid email address");
            assertThat((String) Outbox.row(server.database(), tampered).get("last_error"))
                    .contains("body cannot be opened");
            assertThat(Outbox.row(server.database(), tampered).get("sealed_body"))
                    .isNull();
            // The provider is down: the SMS waits for its retry, body kept, claim released.
            Map<String, Object> waiting = Outbox.row(server.database(), sms);
            assertThat(waiting.get("status")).isEqualTo("queued");
            assertThat((String) waiting.get("last_error")).contains("SMS provider unreachable");
            assertThat(waiting.get("sealed_body")).isNotNull();
            for (String id : List.of(good.get(0), good.get(1), good.get(2), invalid, sms, tampered)) {
                assertThat(Outbox.attempts(server.database(), id)).as(id).isEqualTo(1);
            }
        }
    }

    @Test
    void aWorkerKeepsItsConnectionOpenAcrossMessagesAndOpensANewOneWhenTheServerDropsIt() {
        try (TestSmtp smtp = TestSmtp.up();
                SmtpProxy proxy = SmtpProxy.to(smtp.settings().port());
                TestDatabase db = TestDatabase.create();
                App node = App.start(settings(db, viaProxy(proxy), 1), MutableClock.startingNow())) {
            String project = node.projects()
                    .create("Reuse", Environment.TEST, List.of())
                    .project()
                    .projectId();
            for (int i = 0; i < 10; i++) {
                sendAndAwait(node, db, project, "first" + i + "@example.com");
            }
            assertThat(smtp.received()).hasSize(10);
            // One worker, one connection for all ten.
            assertThat(proxy.connectionsOpened()).isEqualTo(1);

            proxy.dropAll();
            List<String> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                after.add(sendAndAwait(node, db, project, "after" + i + "@example.com"));
            }
            // The dropped connection cost no retry: the first send after it opened a new one at once.
            for (String id : after) {
                Map<String, Object> row = Outbox.row(db, id);
                assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
                assertThat(row.get("last_error")).isNull();
            }
            assertThat(proxy.connectionsOpened()).isEqualTo(2);
            assertThat(smtp.received()).hasSize(13);
            for (int i = 0; i < 3; i++) {
                assertThat(smtp.receivedBy("after" + i + "@example.com")).hasSize(1);
            }
        }
    }

    @Test
    void twoNodesClaimingManyMessagesAtOnceDeliverEachExactlyOnce() throws Exception {
        byte[] masterKey = new byte[32];
        int writers = 4;
        int perWriter = 60;
        try (TestSmtp smtp = TestSmtp.up();
                TestDatabase db = TestDatabase.create();
                App first = App.start(settings(db, smtp.settings(), 4, masterKey), MutableClock.startingNow());
                App second = App.start(settings(db, smtp.settings(), 4, masterKey), MutableClock.startingNow())) {
            String project = first.projects()
                    .create("Many", Environment.TEST, List.of())
                    .project()
                    .projectId();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<List<String>>> queued = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                App node = w % 2 == 0 ? first : second;
                queued.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < perWriter; i += 3) {
                        int from = i;
                        // Some alone, some three to a transaction, as features queue them.
                        ids.addAll(node.database().inTransaction(tx -> {
                            List<String> some = new ArrayList<>();
                            for (int k = from; k < from + 3; k++) {
                                some.add(Outbox.queueLogin(tx, node, project, address(writer, k), "Acme", link()));
                            }
                            return some;
                        }));
                    }
                    return ids;
                }));
            }
            pool.shutdown();
            List<String> ids = new ArrayList<>();
            for (Future<List<String>> f : queued) {
                ids.addAll(f.get(60, TimeUnit.SECONDS));
            }
            int total = writers * perWriter;
            assertThat(ids).hasSize(total);

            DevMailbox.until(
                    "every message is sent",
                    () -> Outbox.rows(db).stream().allMatch(r -> "sent".equals(r.get("status"))));
            assertThat(smtp.received()).hasSize(total);
            Set<String> messageIds = new HashSet<>();
            for (MimeMessage m : smtp.received()) {
                messageIds.add(messageId(m));
            }
            assertThat(messageIds).hasSize(total);
            for (int w = 0; w < writers; w++) {
                for (int i = 0; i < perWriter; i++) {
                    assertThat(smtp.inboxOf(address(w, i))).as(address(w, i)).hasSize(1);
                }
            }
            assertThat(Outbox.rows(db))
                    .allSatisfy(r ->
                            assertThat(((Number) r.get("attempts")).intValue()).isEqualTo(1));
        }
    }

    private static String address(int writer, int i) {
        return "w" + writer + "-" + i + "@example.com";
    }

    private static String sendAndAwait(App node, TestDatabase db, String project, String to) {
        String id = Outbox.queueLogin(node, project, to, "Acme", link());
        DevMailbox.until(
                "message to " + to + " is sent", () -> Outbox.status(db, id).equals("sent"));
        return id;
    }

    private static String link() {
        return LINK + Tokens.newToken();
    }

    private static SmtpSettings viaProxy(SmtpProxy proxy) {
        return new SmtpSettings("127.0.0.1", proxy.port(), null, null, TestSmtp.FROM, "none");
    }

    /** An SMS provider on a loopback port nobody listens on: every send fails, to be retried. */
    private static SmsSettings unreachableSms() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SmsSettings(
                URI.create("http://127.0.0.1:" + port + "/Messages.json"), "AC-test", "token", "+15005550006");
    }

    private static Settings settings(TestDatabase db, SmtpSettings smtp, int mailSenders) {
        return settings(db, smtp, mailSenders, new byte[32]);
    }

    private static Settings settings(TestDatabase db, SmtpSettings smtp, int mailSenders, byte[] masterKey) {
        return new Settings(
                false,
                "127.0.0.1",
                0,
                null,
                db.jdbcUrl(),
                null,
                null,
                6,
                masterKey,
                "http://127.0.0.1",
                smtp,
                null,
                null,
                RateLimits.defaults(),
                mailSenders);
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
