package io.latchkey.server.sms;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.latchkey.server.config.SettingsException;
import io.latchkey.server.config.SmsSettings;
import io.latchkey.server.mail.MailDeliveryException;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DevMailbox;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMS through a Twilio-compatible HTTP provider: a real HTTP server in the test records what
 * arrives and answers with whatever status the test sets.
 */
class SmsDeliveryTest {
    private static final String SID = "AC0123456789abcdef";
    private static final String TOKEN = "auth-token-that-must-not-leak";
    private static final String FROM = "+15005550006";

    /** One request the provider received. */
    record Received(
            String method,
            String path,
            String authorization,
            String contentType,
            String idempotencyKey,
            Map<String, String> form) {}

    private HttpServer provider;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(201);

    @BeforeEach
    void startProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/2010-04-01/Accounts/" + SID + "/Messages.json", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    form(body)));
            byte[] answer = "{\"sid\":\"SM1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop(0);
    }

    private SmsSettings settings() {
        return new SmsSettings(
                URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/2010-04-01/Accounts/" + SID
                        + "/Messages.json"),
                SID,
                TOKEN,
                FROM);
    }

    @Test
    void sendPostsTheFormWithBasicAuthentication() throws Exception {
        new HttpSmsSender(settings()).send("mail-test-1", "+14155552671", "123456 is your Acme & Co code");
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.authorization())
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(r.idempotencyKey()).isEqualTo("mail-test-1");
        assertThat(r.form())
                .containsExactly(
                        Map.entry("To", "+14155552671"),
                        Map.entry("From", FROM),
                        Map.entry("Body", "123456 is your Acme & Co code"));
    }

    @Test
    void refusalsArePermanentOutagesAreRetriedAndNothingSecretIsInTheSummary() {
        HttpSmsSender sender = new HttpSmsSender(settings());
        status.set(400);
        assertThatThrownBy(() -> sender.send("m", "+14155552671", "123456"))
                .isInstanceOfSatisfying(
                        MailDeliveryException.class,
                        e -> assertThat(e.permanent()).isTrue());
        for (int s : new int[] {401, 429, 500, 503}) {
            status.set(s);
            assertThatThrownBy(() -> sender.send("m", "+14155552671", "123456"))
                    .isInstanceOfSatisfying(MailDeliveryException.class, e -> {
                        assertThat(e.permanent()).as("HTTP " + s).isFalse();
                        assertThat(e.getMessage())
                                .contains(Integer.toString(s))
                                .doesNotContain("123456")
                                .doesNotContain(TOKEN);
                    });
        }
        provider.stop(0);
        assertThatThrownBy(() -> sender.send("m", "+14155552671", "123456"))
                .isInstanceOfSatisfying(
                        MailDeliveryException.class,
                        e -> assertThat(e.permanent()).isFalse());
    }

    @Test
    void inProductionAnSmsOutageDelaysTheCodeButNeverLosesIt() {
        status.set(503);
        try (TestServer server = TestServer.start(o -> o.withDevMode(false).withSms(settings()))) {
            ApiClient api = server.client();
            String orgId = api.post(
                            "/v1/b2b/organizations",
                            json(
                                    "organization_name",
                                    "Acme",
                                    "organization_slug",
                                    io.latchkey.server.testing.LoginFlow.unique("acme")))
                    .body()
                    .path("organization")
                    .path("organization_id")
                    .asText();
            String phone = MfaFlow.uniquePhone();
            String memberId = api.post(
                            "/v1/b2b/organizations/" + orgId + "/members",
                            json("email_address", MfaFlow.email("acme.test"), "mfa_phone_number", phone))
                    .body()
                    .path("member_id")
                    .asText();
            ApiResponse sent = api.post("/v1/b2b/otps/sms/send", json("organization_id", orgId, "member_id", memberId));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);

            // The failure is recorded and a retry scheduled, due a second later on the server's clock.
            DevMailbox.until("the first attempt failed", () -> outboxRow(server).equals("queued/1/released"));
            assertThat(received).hasSize(1);
            status.set(201);
            server.clock().advance(Duration.ofSeconds(2));
            DevMailbox.until("the SMS was delivered", () -> received.size() >= 2);
            Received delivered = received.get(received.size() - 1);
            assertThat(delivered.form().get("To")).isEqualTo(phone);
            assertThat(delivered.form().get("Body")).matches("\\d{6} is your Acme verification code\\..*");
            assertThat(delivered.idempotencyKey()).isEqualTo(received.get(0).idempotencyKey());

            DevMailbox.until(
                    "the outbox recorded the delivery", () -> outboxRow(server).equals("sent/2/released"));
            assertThat(received).hasSize(2);
        }
    }

    @Test
    void providerSettingsAreCheckedAtStartUp() {
        assertThat(SmsSettings.fromEnv(Map.of())).isNull();
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "LATCHKEY_SMS_PROVIDER_URL",
                "https://sms.example/2010-04-01/Accounts/AC1/Messages.json",
                "LATCHKEY_SMS_ACCOUNT_SID",
                "AC1",
                "LATCHKEY_SMS_AUTH_TOKEN",
                TOKEN,
                "LATCHKEY_SMS_FROM",
                FROM));
        SmsSettings ok = SmsSettings.fromEnv(env);
        assertThat(ok.from()).isEqualTo(FROM);
        assertThat(ok.toString()).doesNotContain(TOKEN).contains("AC1");

        env.put("LATCHKEY_SMS_PROVIDER_URL", "http://sms.example/send");
        assertThatThrownBy(() -> SmsSettings.fromEnv(env))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("https");
        env.put("LATCHKEY_SMS_PROVIDER_URL", "https://sms.example/send");
        env.remove("LATCHKEY_SMS_AUTH_TOKEN");
        assertThatThrownBy(() -> SmsSettings.fromEnv(env))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("LATCHKEY_SMS_AUTH_TOKEN");
    }

    /** status/attempts/claim of the one outbox row. */
    private static String outboxRow(TestServer server) {
        return server.app()
                .database()
                .read(tx -> tx.queryOne(
                                "SELECT status, attempts, claim_token FROM mail_outbox",
                                rs -> rs.getString(1) + "/" + rs.getInt(2) + "/"
                                        + (rs.getString(3) == null ? "released" : "claimed"))
                        .orElse(""));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
