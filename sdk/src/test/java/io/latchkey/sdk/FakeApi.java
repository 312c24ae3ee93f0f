package io.latchkey.sdk;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A tiny HTTP server for what the real server cannot be made to do on demand: fail with 503,
 * answer slowly, serve a JWKS of keys the test controls. Records every request it gets. With
 * {@link #forwardingTo} it passes every request on to a real server instead, and so counts what
 * that server was asked, each request recorded before its answer reaches the client.
 */
final class FakeApi implements AutoCloseable {
    record Request(String method, String path, String query, Headers headers, String body) {}

    record Answer(int status, String body, long delayMillis) {
        static Answer json(int status, String body) {
            return new Answer(status, body, 0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String forwardTo;
    private final HttpClient forwarder = HttpClient.newHttpClient();

    private FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(),
                    body);
            requests.add(request);
            Function<Request, Answer> route = routes.get(request.method() + " " + request.path());
            Answer answer = route == null && forwardTo != null
                    ? forward(request, exchange.getRequestURI().getRawPath())
                    : route == null
                            ? Answer.json(
                                    404,
                                    "{\"status_code\":404,\"error_type\":\"route_not_found\","
                                            + "\"error_message\":\"no route\",\"error_url\":\"\"}")
                            : route.apply(request);
            if (answer.delayMillis() > 0) {
                try {
                    Thread.sleep(answer.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            } catch (IOException e) {
                // The client gave up (a timeout test); nothing to answer.
            }
            exchange.close();
        });
        server.start();
    }

    static FakeApi start() {
        try {
            return new FakeApi();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proxy to the server at {@code baseUrl}, for counting what it is asked. */
    static FakeApi forwardingTo(String baseUrl) {
        FakeApi api = start();
        api.forwardTo = baseUrl;
        return api;
    }

    private Answer forward(Request request, String rawPath) {
        String query = request.query() == null ? "" : "?" + request.query();
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(forwardTo + rawPath + query))
                .method(
                        request.method(),
                        request.body().isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(request.body()));
        for (String name : List.of("Authorization", "Content-Type", "Accept")) {
            String value = request.headers().getFirst(name);
            if (value != null) {
                out.header(name, value);
            }
        }
        try {
            HttpResponse<String> answer = forwarder.send(out.build(), HttpResponse.BodyHandlers.ofString());
            return Answer.json(answer.statusCode(), answer.body());
        } catch (IOException e) {
            return Answer.json(502, "{}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.json(502, "{}");
        }
    }

    /** Answers {@code method path} (e.g. {@code "GET /v1/b2b/organizations/x"}) with the handler. */
    FakeApi on(String methodAndPath, Function<Request, Answer> handler) {
        routes.put(methodAndPath, handler);
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    long count(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
