package io.latchkey.sdk;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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
 * answer slowly, serve a JWKS of keys the test controls. Records every request it gets.
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

  private FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request =
          new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
              exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
      requests.add(request);
      Function<Request, Answer> route = routes.get(request.method() + " " + request.path());
      Answer answer =
          route == null
              ? Answer.json(404, "{\"status_code\":404,\"error_type\":\"route_not_found\","
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
    return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
