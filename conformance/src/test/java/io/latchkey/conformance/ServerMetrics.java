package io.latchkey.conformance;

import io.latchkey.server.testing.DevMailbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many requests the server has answered per route, read from its Prometheus endpoint
 * ({@code GET /metrics}, {@code latchkey_http_requests_seconds_count}). Tests use it to show that
 * an SDK did <em>not</em> call the server, e.g. that a session JWT was verified locally.
 */
final class ServerMetrics {
    static final String SESSIONS_AUTHENTICATE = "/v1/b2b/sessions/authenticate";
    static final String SESSIONS_GET = "/v1/b2b/sessions";

    private static final Pattern COUNT =
            Pattern.compile("^latchkey_http_requests_seconds_count\\{([^}]*)}\\s+(\\S+)$", Pattern.MULTILINE);

    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    ServerMetrics(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Requests answered on {@code route} (the route template), any method and status. */
    long requests(String route) {
        String scrape = scrape();
        String tag = "route=\"" + route + "\"";
        long total = 0;
        Matcher m = COUNT.matcher(scrape);
        while (m.find()) {
            if (("," + m.group(1) + ",").contains("," + tag + ",")) {
                total += (long) Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    /**
     * Waits until the count of {@code route} satisfies {@code condition} and returns it. The
     * server records a request just after answering it, so a count read right after a call may
     * lag by that call.
     */
    long awaitRequests(String route, LongPredicate condition) {
        long[] count = {requests(route)};
        DevMailbox.until(() -> "the request count of " + route + " stayed at " + count[0], () -> {
            count[0] = requests(route);
            return condition.test(count[0]);
        });
        return count[0];
    }

    private String scrape() {
        URI uri = URI.create(baseUrl + "/metrics");
        try {
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /metrics answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("could not read " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
