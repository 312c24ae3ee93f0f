package io.latchkey.server.sms;

import io.latchkey.server.config.SmsSettings;
import io.latchkey.server.mail.MailDeliveryException;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Sends SMS through a Twilio-compatible HTTP API: {@code POST <provider URL>} with the form
 * fields {@code To}, {@code From}, {@code Body} and HTTP Basic {@code accountSid:authToken}.
 *
 * <p>Any 2xx is delivered. The provider refusing the message itself (400, 404, 422 and other
 * 4xx) is permanent; 401/403 (credentials being fixed), 408, 429, 5xx and network failures are
 * retried by the outbox. Failure summaries carry the status only, never the text or the
 * credentials. Thread-safe.
 */
public final class HttpSmsSender implements SmsSender {
    // Bounded so a hanging provider cannot hold a message (and its outbox lease) for long.
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final SmsSettings settings;
    private final String authorization;
    private final HttpClient http;

    public HttpSmsSender(SmsSettings settings) {
        this.settings = settings;
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (settings.accountSid() + ":" + settings.authToken()).getBytes(StandardCharsets.UTF_8));
        // Redirects are not followed: credentials go to the configured URL and nowhere else.
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void send(String messageId, String to, String text) throws MailDeliveryException {
        String form = "To=" + encode(to) + "&From=" + encode(settings.from()) + "&Body=" + encode(text);
        HttpRequest request = HttpRequest.newBuilder(settings.providerUrl())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                // Lets a provider that honours it drop a retried duplicate.
                .header("Idempotency-Key", messageId)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new MailDeliveryException(
                    "SMS provider unreachable: " + e.getClass().getSimpleName(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailDeliveryException("SMS send interrupted", false);
        }
        if (status >= 200 && status < 300) {
            return;
        }
        throw new MailDeliveryException("SMS provider answered HTTP " + status, isPermanent(status));
    }

    static boolean isPermanent(int status) {
        if (status == 401 || status == 403 || status == 408 || status == 429 || status >= 500) {
            return false;
        }
        return status >= 400;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
