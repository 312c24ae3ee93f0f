package io.latchkey.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately plain HTTP client for tests: sends exactly what it is given (bodies as Java
 * objects, maps or raw strings) with project credentials, and parses whatever comes back.
 */
public final class ApiClient {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;

    public ApiClient(String baseUrl, String projectId, String secret) {
        this.baseUrl = baseUrl;
        this.authorization = projectId == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((projectId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** The same server with other credentials (or none, when projectId is null). */
    public ApiClient as(String projectId, String secret) {
        return new ApiClient(baseUrl, projectId, secret);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public ApiResponse get(String path) {
        return send("GET", path, null, Map.of());
    }

    public ApiResponse post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    public ApiResponse put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Builds a JSON object from alternating keys and values; values may be null. */
    public static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * Sends a request. A String body is sent verbatim (for malformed JSON tests), anything else is
     * serialized as JSON; extra headers override the defaults.
     */
    public ApiResponse send(String method, String path, Object body, Map<String, String> headers) {
        try {
            byte[] bytes = body == null
                    ? new byte[0]
                    : body instanceof String s
                            ? s.getBytes(StandardCharsets.UTF_8)
                            : body instanceof byte[] b ? b : MAPPER.writeValueAsBytes(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            method,
                            bytes.length == 0 && body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (authorization != null && !headers.containsKey("Authorization")) {
                request.header("Authorization", authorization);
            }
            headers.forEach(request::header);
            HttpResponse<String> response =
                    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiResponse(response.statusCode(), parse(response.body()), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? TextNode.valueOf("") : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(body);
        }
    }
}
