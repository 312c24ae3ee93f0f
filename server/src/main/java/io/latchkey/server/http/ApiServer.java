package io.latchkey.server.http;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Environment;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Json;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web layer shared by all features: request ids, project authentication, body limits, error
 * mapping, the request log and per-route metrics. Features contribute {@link RouteGroup}s.
 */
public final class ApiServer implements AutoCloseable {
    /** Bodies above this are refused with 413 before they are read. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** How long a stop waits for requests in flight before it closes their connections. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** What a client is told to wait while the database is unreachable (a restart takes seconds). */
    static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

    static final Duration[] SLO_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(10)
    };

    private static final Logger REQUEST_LOG = LoggerFactory.getLogger("latchkey.request");
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin javalin;
    private final String host;
    private final int port;

    /**
     * @param clientAddresses how the client address is found (trusted proxies)
     * @param admission the per-project request budget, asked once the project is authenticated
     */
    public ApiServer(
            String host,
            int port,
            ProjectService projects,
            MeterRegistry meters,
            List<RouteGroup> groups,
            ClientAddresses clientAddresses,
            RequestAdmission admission) {
        ProjectAuthentication auth = new ProjectAuthentication(projects, clientAddresses);
        this.host = host;
        this.port = port;
        this.javalin = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.http.compressionStrategy = compression();
            config.startup.showJavalinBanner = false;
            // Requests Jetty refuses itself (bad escapes, NUL, oversized target or headers)
            // get the contract's JSON error too, never Jetty's HTML page.
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                // A stop lets requests in flight finish (up to STOP_GRACE) before connections
                // close: without it a client sees its connection drop while the request's
                // transaction still commits, so its retry meets its own write.
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(STOP_GRACE.toMillis());
            });
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            // Blocking JDBC calls are cheap to park on a virtual thread; Javalin ignores this
            // on Java 17, where a platform-thread pool serves requests.
            config.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
            config.routes.before(ctx -> {
                RequestIds.assign(ctx, Environment.TEST);
                ctx.attribute("latchkey.started", System.nanoTime());
                ctx.header("X-Content-Type-Options", "nosniff");
                // Javalin would route by this header instead of the request's method (a PUT
                // carrying "DELETE" deletes): whatever filters methods in front of the server
                // would be bypassed, and the log would lie. No SDK sends it.
                if (ctx.req().getHeader("X-HTTP-Method-Override") != null) {
                    throw new ApiException(
                            ErrorType.BAD_REQUEST, "X-HTTP-Method-Override is not supported: send the method itself.");
                }
                // Javalin drops a query parameter whose escapes do not decode (limit=%ZZ
                // reads as no limit at all): refuse the request rather than guess.
                if (!ApiRequests.isWellFormedQuery(ctx.queryString())) {
                    throw new ApiException(
                            ErrorType.BAD_REQUEST,
                            "The query string is not valid: every % must start a two-digit hex escape,"
                                    + " and escapes must decode to UTF-8.");
                }
                // Javalin answers HEAD on a GET route with an empty 200 without running the
                // route, whatever the id: no API route is meant for HEAD.
                if (HandlerType.HEAD.name().equals(ctx.req().getMethod())
                        && (ctx.path().startsWith("/v1/") || ctx.path().startsWith("/sdk/v1/"))) {
                    throw new ApiException(ErrorType.METHOD_NOT_ALLOWED, "Method HEAD is not allowed on this route.");
                }
                String length = ctx.header("Content-Length");
                if (length != null && parseLength(length) > MAX_BODY_BYTES) {
                    throw new ApiException(ErrorType.REQUEST_TOO_LARGE, "The request body is larger than 1 MiB.");
                }
            });
            config.routes.before("/v1/*", ctx -> {
                auth.authenticate(ctx);
                clientAddresses.assign(ctx);
                Project project = ctx.attribute(ApiRequests.PROJECT_ATTRIBUTE);
                if (project != null) {
                    admission.admit(project);
                }
            });
            // The frontend SDK's routes authenticate themselves (public token, origin); the
            // client address is found here, where the trusted proxies are known.
            config.routes.before("/sdk/v1/*", clientAddresses::assign);
            config.routes.exception(Exception.class, ApiServer::handle);
            // Javalin renders its own HttpResponseException (a chunked body over the size limit
            // is one) as text/plain unless a handler names that class itself.
            config.routes.exception(HttpResponseException.class, ApiServer::handle);
            // Javalin answers unmatched paths and verbs itself; give those the contract's shape.
            config.routes.error(404, "*", ctx -> renderUnmatched(ctx, ErrorType.ROUTE_NOT_FOUND));
            config.routes.error(405, "*", ctx -> renderUnmatched(ctx, ErrorType.METHOD_NOT_ALLOWED));
            // A body that stops arriving ends in the connection's idle timeout while the route
            // reads it; Javalin answers that with an empty text/plain 408 before any exception
            // handler sees it.
            config.routes.error(408, "*", ApiServer::renderTimeout);
            RequestTimers timers = new RequestTimers(meters);
            config.requestLogger.http((ctx, ms) -> logRequest(ctx, ms, timers));
            for (RouteGroup group : groups) {
                group.register(config.routes);
            }
        });
    }

    public ApiServer start() {
        refuseBusyPort(host, port);
        javalin.start();
        return this;
    }

    /**
     * Fails with a {@link BindException} naming the port when something already listens there,
     * before Javalin tries and logs its own error with a stack trace. (A port taken between this
     * check and Javalin's bind still fails, only less tidily.)
     */
    private static void refuseBusyPort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            BindException busy = new BindException("port " + port + " on " + host + " is already in use");
            busy.initCause(e);
            throw new UncheckedIOException(busy);
        } catch (IOException e) {
            // Not a busy port (an unknown host, say): Javalin reports it.
        }
    }

    /**
     * Every route served, as "METHOD /path/{param}" (filters and error handlers left out): what
     * docs/COMPATIBILITY.md is checked against.
     */
    public List<String> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
                .sorted()
                .toList();
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }

    private static void handle(Exception e, Context ctx) {
        if (e instanceof ApiException api) {
            ApiResponses.error(ctx, api);
        } else if (e instanceof HttpResponseException http) {
            ErrorType type = switch (http.getStatus()) {
                case 404 -> ErrorType.ROUTE_NOT_FOUND;
                case 405 -> ErrorType.METHOD_NOT_ALLOWED;
                case 413 -> ErrorType.REQUEST_TOO_LARGE;
                case 415 -> ErrorType.UNSUPPORTED_MEDIA_TYPE;
                case 401 -> ErrorType.UNAUTHORIZED_CREDENTIALS;
                default -> http.getStatus() >= 500 ? ErrorType.INTERNAL_SERVER_ERROR : ErrorType.BAD_REQUEST;
            };
            String message = switch (type) {
                case ROUTE_NOT_FOUND -> "No route matches " + ctx.method() + " " + safePath(ctx) + ".";
                case METHOD_NOT_ALLOWED -> "Method " + ctx.method() + " is not allowed on this route.";
                case REQUEST_TOO_LARGE -> "The request body is larger than 1 MiB.";
                default -> "The request could not be processed.";
            };
            ApiResponses.error(ctx, type, message, null);
        } else if (Database.isConnectionFailure(e)) {
            // The database logs the outage once (Database.classify); each request is in the request
            // log with its 503, so no stack trace per request.
            ApiResponses.error(
                    ctx,
                    ApiException.serviceUnavailable(
                            "The database is unreachable; retry shortly. Quote request_id " + RequestIds.of(ctx)
                                    + " if it persists.",
                            DATABASE_RETRY_AFTER));
        } else if (isMalformedInput(e)) {
            // Jetty found the request itself broken while a route read it (bad chunked framing, a
            // body cut short): the client's doing, so a 400 and no error in the log.
            ApiResponses.error(ctx, ErrorType.BAD_REQUEST, "The request body could not be read.", null);
        } else {
            // The cause goes to the log with the request id, never to the client.
            LOG.error("request_id={} unexpected failure", RequestIds.of(ctx), e);
            ApiResponses.error(
                    ctx,
                    ErrorType.INTERNAL_SERVER_ERROR,
                    "An internal error occurred. Quote request_id " + RequestIds.of(ctx) + " when reporting it.",
                    null);
        }
    }

    private static boolean isMalformedInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() < 500) {
                return true;
            }
            if (t instanceof org.eclipse.jetty.io.EofException) {
                return true;
            }
        }
        return false;
    }

    private static void renderUnmatched(Context ctx, ErrorType type) {
        if (ctx.attribute(ApiResponses.WRITTEN_ATTRIBUTE) != null) {
            return;
        }
        String message = type == ErrorType.ROUTE_NOT_FOUND
                ? "No route matches " + ctx.method() + " " + safePath(ctx) + "."
                : "Method " + ctx.method() + " is not allowed on this route.";
        ApiResponses.error(ctx, type, message, null);
    }

    private static void renderTimeout(Context ctx) {
        if (ctx.attribute(ApiResponses.WRITTEN_ATTRIBUTE) == null) {
            ApiResponses.error(
                    ctx,
                    ErrorType.REQUEST_TIMEOUT,
                    "The request body did not arrive in full before the connection's idle timeout.",
                    null);
        }
    }

    private static void logRequest(Context ctx, float ms, RequestTimers timers) {
        String route = routeOf(ctx);
        int status = ctx.status().getCode();
        // Named arguments: "request_id=..." in the text format, fields of their own in JSON.
        REQUEST_LOG.info(
                "{} {} {} {} {}",
                kv("request_id", RequestIds.of(ctx)),
                kv("method", ctx.req().getMethod()),
                kv("route", route),
                kv("status", status),
                kv("duration_ms", Math.round(ms * 100) / 100.0));
        timers.timer(ctx.method().name(), route, status).record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** The matched route template, so ids and tokens in paths never reach logs or metric tags. */
    private static String routeOf(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private static String safePath(Context ctx) {
        String path = ctx.path();
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Gzip starts at this body size (Javalin's default: 1,500 bytes). The official SDKs' HTTP
     * clients accept gzip on every call, and a new zlib stream for a session check's few KB cost
     * the server a quarter of the check's CPU (bench/load/README.md) to save bytes on the
     * application's own network. Single-object answers stay far below this; pages of search
     * results pass it. Javalin decides on its first write, a copy buffer of at most 32 KiB.
     */
    static final int GZIP_MIN_BYTES = 32 * 1024;

    private static CompressionStrategy compression() {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        gzip.setDefaultMinSizeForCompression(GZIP_MIN_BYTES);
        return gzip;
    }
}
