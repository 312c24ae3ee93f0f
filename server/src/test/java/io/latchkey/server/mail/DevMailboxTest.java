package io.latchkey.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DevMailbox;
import io.latchkey.server.testing.RawRequest;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dev mailbox of start-dev: dev mode without SMTP, so mail is captured, not sent. */
class DevMailboxTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient anonymous;

    @BeforeAll
    static void start() {
        anonymous = server.client().as(null, null);
    }

    private static String queue(String to, String organization) {
        return Outbox.queueLogin(
                server.app(),
                server.projectId(),
                to,
                organization,
                "http://localhost:3000/authenticate?token=" + Tokens.newToken());
    }

    @Test
    void messagesAreListedNewestFirstWithTheirBodies() {
        String to = "order@example.com";
        List<String> ids = new ArrayList<>();
        for (String org : List.of("First Org", "Second Org", "Third Org")) {
            ids.add(queue(to, org));
        }
        DevMailbox.until(
                "all are captured",
                () -> ids.stream()
                        .allMatch(id -> Outbox.status(server.database(), id).equals("sent")));

        ApiResponse r = anonymous.get("/dev/mailbox/messages?to=" + to);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode list = r.body();
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(3);
        assertThat(list.get(0).path("id").asText()).isEqualTo(ids.get(2));
        assertThat(list.get(1).path("id").asText()).isEqualTo(ids.get(1));
        assertThat(list.get(2).path("id").asText()).isEqualTo(ids.get(0));
        JsonNode newest = list.get(0);
        assertThat(newest.path("to").asText()).isEqualTo(to);
        assertThat(newest.path("kind").asText()).isEqualTo("email");
        assertThat(newest.path("subject").asText()).isEqualTo("Log in to Third Org");
        assertThat(newest.path("text").asText()).contains("http://localhost:3000/authenticate?token=");
        assertThat(newest.path("html").asText()).contains("Third Org");
        assertThat(newest.path("sent_at").asText()).endsWith("Z");
        assertThat(newest.path("project_id").asText()).isEqualTo(server.projectId());
    }

    @Test
    void messagesCanBeFilteredByRecipientInAnyCase() {
        String id = queue("Filter.Me@Example.com", "Filter Org");
        queue("someone.else@example.com", "Other Org");
        JsonNode list =
                anonymous.get("/dev/mailbox/messages?to=filter.me@example.com").body();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("id").asText()).isEqualTo(id);
    }

    @Test
    void smsMessagesShareTheOutboxAndTheDevMailbox() {
        String id = server.app()
                .database()
                .inTransaction(tx -> server.app()
                        .mail()
                        .queue(tx, server.projectId(), MailMessage.sms("+15555550100", "Your code is 123456")));
        DevMailbox.until(
                "the SMS is captured",
                () -> Outbox.status(server.database(), id).equals("sent"));
        JsonNode list = anonymous.get("/dev/mailbox/messages?to=%2B15555550100").body();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("kind").asText()).isEqualTo("sms");
        assertThat(list.get(0).path("subject").asText()).isEmpty();
        assertThat(list.get(0).path("text").asText()).isEqualTo("Your code is 123456");
        assertThat(list.get(0).has("html")).isFalse();
    }

    @Test
    void pageListsMessagesEscapedWithClickableLinksAndStrictSecurityHeaders() {
        String link = "http://localhost:3000/authenticate?a=1&token=" + Tokens.newToken();
        String id = Outbox.queueLogin(
                server.app(), server.projectId(), "page@example.com", "<script>alert(1)</script>", link);

        ApiResponse r = anonymous.get("/dev/mailbox");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'");
        assertThat(csp).doesNotContain("script-src").doesNotContain("unsafe-inline");

        String page = r.rawBody();
        assertThat(page).doesNotContain("<script");
        assertThat(page).contains("Log in to &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page).contains("page@example.com");
        String escapedLink = link.replace("&", "&amp;");
        assertThat(page).contains("<a href=\"" + escapedLink + "\" target=\"_blank\" rel=\"noopener noreferrer\">");
        assertThat(page).contains("src=\"/dev/mailbox/messages/" + id + "/html\"");
        assertThat(page).contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\"");
    }

    @Test
    void htmlBodyIsServedSandboxedForThePageFrame() {
        String id = queue("frame@example.com", "Frame Org");
        ApiResponse r = anonymous.get("/dev/mailbox/messages/" + id + "/html");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("sandbox").contains("default-src 'none'").doesNotContain("script-src");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.rawBody()).contains("<base target=\"_blank\">").contains("Frame Org");

        ApiResponse missing =
                anonymous.get("/dev/mailbox/messages/mail-test-00000000-0000-4000-8000-000000000000/html");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorType()).isEqualTo("route_not_found");
    }

    @Test
    void limitOutsideItsRangeIsRefused() {
        ApiResponse r = anonymous.get("/dev/mailbox/messages?limit=0");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("invalid_limit");
        assertThat(anonymous.get("/dev/mailbox/messages?limit=1").body()).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void devRoutesAreNotFoundOutsideDevMode() {
        try (TestServer production = TestServer.start(o -> o.withDevMode(false))) {
            ApiClient client = production.client().as(null, null);
            for (String path : List.of("/dev/mailbox", "/dev/mailbox/messages", "/dev/mailbox/messages/x/html")) {
                ApiResponse r = client.get(path);
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.body().path("status_code").asInt()).isEqualTo(404);
                assertThat(r.errorType()).isEqualTo("route_not_found");
                assertThat(r.text("request_id")).startsWith("request-id-");
                assertThat(r.text("error_message")).isNotBlank();
                assertThat(r.text("error_url")).startsWith("https://");
            }
            // Production without SMTP keeps mail queued rather than losing it.
            String id = Outbox.queueLogin(
                    production.app(), production.projectId(), "later@example.com", "Acme", "http://localhost:3000/x");
            assertThat(Outbox.status(production.database(), id)).isEqualTo("queued");
            assertThat(Outbox.rows(production.database())).hasSize(1);
        }
    }

    @Test
    void onlyLoopbackNamesAndTheConfiguredHostAreServedAgainstDnsRebinding() {
        int port = server.app().port();
        for (String path :
                List.of("/dev/mailbox", "/dev/mailbox/messages", "/dev/mailbox/messages/message-test-x/html")) {
            for (String host : List.of(
                    "attacker.example",
                    "attacker.example:" + port,
                    "127.0.0.1.nip.io:" + port,
                    "localhost.attacker.example",
                    "localhost@attacker.example",
                    "")) {
                RawRequest.Answer a =
                        RawRequest.of("GET", path).withHeader("Host", host).send(server.baseUrl());
                assertThat(a.status())
                        .as(path + " Host: " + host + " " + a.body())
                        .isEqualTo(400);
                assertThat(a.body()).contains("\"error_type\":\"bad_request\"").doesNotContain("message-");
            }
            for (String host : List.of(
                    "localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST", "app.localhost:" + port)) {
                RawRequest.Answer a =
                        RawRequest.of("GET", path).withHeader("Host", host).send(server.baseUrl());
                assertThat(a.status())
                        .as(path + " Host: " + host + " " + a.body())
                        .isIn(200, 404);
            }
        }
    }
}
