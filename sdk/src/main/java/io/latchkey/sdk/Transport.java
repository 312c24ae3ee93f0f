package io.latchkey.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * HTTP for every call: JSON in and out, HTTP Basic credentials, the contract's error body turned
 * into {@link LatchkeyApiException}, and retries for GETs only.
 *
 * <p>Everything is asynchronous underneath; the synchronous API waits on the future ({@link
 * #await}). That is what {@link HttpClient#send} does inside the JDK too, and it keeps one code
 * path for retries. Thread-safe.
 */
final class Transport {
    private static final String USER_AGENT = "Latchkey Java SDK";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final ObjectMapper json = SdkJson.mapper();

    Transport(
            HttpClient http,
            String baseUrl,
            String projectId,
            String secret,
            Duration requestTimeout,
            int maxRetries,
            Duration retryBackoff) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.authorization = "Basic "
                + Base64.getEncoder().encodeToString((projectId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
    }

    /** GET with project credentials; retried on connection failure and 5xx. */
    <T> CompletableFuture<T> get(String path, Map<String, String> query, Class<T> type) {
        return send("GET", path + queryString(query), null, true).thenApply(r -> read(r, type));
    }

    /** GET without credentials (the public JWKS), returning the raw body; retried like {@link #get}. */
    CompletableFuture<String> getPublic(String path) {
        return send("GET", path, null, false).thenApply(HttpResponse::body);
    }

    /** {@link #getPublic(String)}, read as {@code type}. */
    <T> CompletableFuture<T> getPublic(String path, Class<T> type) {
        return send("GET", path, null, false).thenApply(r -> read(r, type));
    }

    /** POST, PUT or DELETE with a JSON body (none when {@code body} is null); never retried. */
    <T> CompletableFuture<T> call(String method, String path, Object body, Class<T> type) {
        return send(method, path, body, true).thenApply(r -> read(r, type));
    }

    /** A path segment, percent-encoded (ids, slugs and external ids are opaque to the SDK). */
    static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a path id must not be null or empty");
        }
        return encode(value);
    }

    private static String encode(String value) {
        // URLEncoder is for forms: a space becomes '+', which a path or query must spell %20.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Map<String, String> query(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    /** {@code ?k=v&...}, percent-encoded; {@code ""} for none. */
    static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        query.forEach((k, v) -> sb.append(sb.length() == 0 ? '?' : '&')
                .append(encode(k))
                .append('=')
                .append(encode(v)));
        return sb.toString();
    }

    private CompletableFuture<HttpResponse<String>> send(
            String method, String path, Object body, boolean authenticated) {
        HttpRequest request = request(method, path, body, authenticated);
        // Only GET is repeated: a POST that timed out may have taken effect, and repeating a
        // login_or_signup or an invite would send a second email.
        int attempts = method.equals("GET") ? maxRetries + 1 : 1;
        return attempt(request, 1, attempts);
    }

    private HttpRequest request(String method, String path, Object body, boolean authenticated) {
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else {
            try {
                publisher = HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "request could not be written as JSON: " + e.getOriginalMessage(), e);
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .method(method, publisher)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authenticated) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    private CompletableFuture<HttpResponse<String>> attempt(HttpRequest request, int attempt, int attempts) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    boolean more = attempt < attempts;
                    if (failure != null) {
                        Throwable cause = unwrap(failure);
                        if (!(cause instanceof IOException)) {
                            return CompletableFuture.<HttpResponse<String>>failedFuture(cause);
                        }
                        if (more && retryable(cause)) {
                            return retryLater(request, attempt, attempts);
                        }
                        return CompletableFuture.<HttpResponse<String>>failedFuture(networkFailure(request, cause));
                    }
                    if (response.statusCode() >= 500 && more) {
                        return retryLater(request, attempt, attempts);
                    }
                    if (response.statusCode() >= 400) {
                        return CompletableFuture.<HttpResponse<String>>failedFuture(apiError(response));
                    }
                    return CompletableFuture.completedFuture(response);
                })
                .thenCompose(f -> f);
    }

    private CompletableFuture<HttpResponse<String>> retryLater(HttpRequest request, int attempt, int attempts) {
        // Exponential backoff with jitter, so many clients that failed together do not retry together.
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), retryBackoff.toMillis() << (attempt - 1));
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return CompletableFuture.supplyAsync(
                        () -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> attempt(request, attempt + 1, attempts));
    }

    private static boolean retryable(Throwable cause) {
        // A connect timeout means nothing was sent; a response timeout is the caller's own bound on
        // waiting, and retrying would silently multiply it.
        return cause instanceof HttpConnectTimeoutException || !(cause instanceof HttpTimeoutException);
    }

    private static LatchkeyNetworkException networkFailure(HttpRequest request, Throwable cause) {
        String what = request.method() + " " + request.uri().getPath();
        if (cause instanceof HttpTimeoutException) {
            return new LatchkeyTimeoutException(what + " timed out: " + cause.getMessage(), cause);
        }
        return new LatchkeyNetworkException(what + " failed: " + cause, cause);
    }

    private LatchkeyApiException apiError(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = tree(response.body());
        if (body != null && body.hasNonNull("error_type")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> details =
                    body.hasNonNull("error_details") ? json.convertValue(body.get("error_details"), Map.class) : null;
            return new LatchkeyApiException(
                    status,
                    body.get("error_type").asText(),
                    body.path("error_message").asText(""),
                    textOrNull(body, "error_url"),
                    textOrNull(body, "request_id"),
                    details);
        }
        if (body != null && body.hasNonNull("error")) {
            // The OAuth2 error shape, which some Stytch routes answer with.
            return new LatchkeyApiException(
                    status,
                    body.get("error").asText(),
                    body.path("error_description").asText(""),
                    textOrNull(body, "error_uri"),
                    textOrNull(body, "request_id"),
                    null);
        }
        return new LatchkeyApiException(
                status,
                LatchkeyApiException.UNREADABLE_RESPONSE,
                "HTTP " + status + " without the contract's error body: " + snippet(response.body()),
                null,
                body == null ? null : textOrNull(body, "request_id"),
                null);
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            JsonNode body = tree(response.body());
            throw new LatchkeyApiException(
                    response.statusCode(),
                    LatchkeyApiException.UNREADABLE_RESPONSE,
                    "the answer could not be read as " + type.getSimpleName() + ": " + e.getOriginalMessage(),
                    null,
                    body == null ? null : textOrNull(body, "request_id"),
                    null);
        }
    }

    private JsonNode tree(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty)";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Waits for a call. Rethrows the SDK's own exceptions as they are, so a synchronous caller sees
     * exactly what an asynchronous one gets inside its {@code CompletionException}.
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new LatchkeyNetworkException("interrupted while waiting for the server", e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new LatchkeyNetworkException("call failed: " + cause, cause);
        }
    }
}
