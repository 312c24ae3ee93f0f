package io.latchkey.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.SecretBox;
import io.latchkey.server.testing.DevMailbox;
import io.latchkey.server.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The outbox lease is short, so mail a crashed node held goes out soon after; a send that takes
 * longer than the lease keeps its claim by renewing it, so no other node takes the message over.
 */
class OutboxLeaseTest {
    @Test
    void aSendThatOutlastsTheLeaseRenewsItsClaimAndIsDeliveredOnce() throws Exception {
        // Production without SMTP: the server runs no sender of its own, the test's is the only one.
        try (TestServer server = TestServer.start(o -> o.withDevMode(false))) {
            CountDownLatch sending = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger sends = new AtomicInteger();
            Mailer slowRelay = (messageId, message) -> {
                sends.incrementAndGet();
                sending.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            String id = Outbox.queueLogin(
                    server.app(),
                    server.projectId(),
                    "slow@example.com",
                    "Acme",
                    "http://localhost:3000/authenticate?token=t");
            try (OutboxSender sender = new OutboxSender(
                    server.app().database(),
                    new MailStore(),
                    new SecretBox(new byte[32]),
                    slowRelay,
                    server.clock(),
                    new SimpleMeterRegistry(),
                    true)) {
                sender.start();
                assertThat(sending.await(30, TimeUnit.SECONDS)).isTrue();
                long firstLeaseEnd = claimedUntil(server, id);

                // Past the first lease: only a renewal keeps another node from claiming the message.
                server.clock().advance(OutboxSender.LEASE.plusSeconds(1));
                DevMailbox.until("the claim is renewed", () -> claimedUntil(server, id) > firstLeaseEnd);
                assertThat(claimedUntil(server, id))
                        .isGreaterThan(server.clock().millis());

                release.countDown();
                DevMailbox.until(
                        "the message is recorded as sent",
                        () -> Outbox.status(server.database(), id).equals("sent"));
            }
            assertThat(sends.get()).isEqualTo(1);
            assertThat(Outbox.attempts(server.database(), id)).isEqualTo(1);
        }
    }

    private static long claimedUntil(TestServer server, String id) {
        Object value = Outbox.row(server.database(), id).get("claimed_until");
        return value == null ? Long.MIN_VALUE : ((Number) value).longValue();
    }
}
