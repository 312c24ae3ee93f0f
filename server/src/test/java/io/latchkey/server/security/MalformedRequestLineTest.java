package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.RawHttp;
import io.latchkey.server.testing.RawRequest;
import io.latchkey.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Broken HTTP at the level of the request line and the connection, written byte for byte to a
 * socket: no version, HTTP/0.9 and HTTP/2 prefaces, garbage and overlong methods, absolute-form
 * targets naming another host, tabs, CR, LF, NUL and raw bytes in the target, other protocols
 * spoken at the port; requests split across many writes; requests that stall half-way. Where the
 * server answers, the answer is a 4xx in the contract's error shape; where it does not, it
 * closes the connection; it never hangs, never answers 5xx, logs no error and changes nothing.
 *
 * <p>A stalled connection ends only by the server's idle timeout, so the read timeout here is
 * well above it; the stalled cases start with the class and run side by side, so the class waits
 * for that timeout about once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedRequestLineTest {
    /** Longer than the server's idle timeout (Jetty's default, 30 s) with room to spare: still open then is a hang. */
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static String organizationId;
    static String host;
    static ListAppender<ILoggingEvent> log;
    static Map<String, List<String>> before;
    /** The stalled requests, started first so their wait for the idle timeout overlaps the other tests. */
    static ExecutorService stallPool;

    static Map<String, Future<RawRequest.Answer>> stalled;
    static Map<String, byte[]> stalledCases;

    @BeforeAll
    static void start() {
        ApiResponse org = server.client()
                .post(
                        "/v1/b2b/organizations",
                        json("organization_name", "Request lines", "organization_slug", "request-lines"));
        assertThat(org.status()).as(org.toString()).isEqualTo(200);
        organizationId = org.body().path("organization").path("organization_id").asText();
        URI base = URI.create(server.baseUrl());
        host = base.getHost() + ":" + base.getPort();
        before = DbSnapshot.everyTable(server.app().database());
        log = new ListAppender<>();
        log.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        log.start();
        root().addAppender(log);
        stalledCases = stalledCases();
        stallPool = Executors.newFixedThreadPool(stalledCases.size());
        stalled = new LinkedHashMap<>();
        stalledCases.forEach((name, bytes) -> stalled.put(
                name, stallPool.submit(() -> RawHttp.exchange(server.baseUrl(), bytes, READ_TIMEOUT_MILLIS))));
    }

    @AfterAll
    static void stop() {
        root().detachAppender(log);
        stallPool.shutdownNow();
    }

    /** Nothing logged as an error or with a stack trace, and no row changed, since the class started. */
    private static void nothingChangedAndNothingFailed() {
        List<String> errors = log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : " / " + e.getThrowableProxy().getClassName()))
                .limit(20)
                .toList();
        assertThat(errors)
                .as("errors or stack traces logged for a client's broken request")
                .isEmpty();
        Map<String, List<String>> after = DbSnapshot.everyTable(server.app().database());
        assertThat(DbSnapshot.difference(before, after))
                .as("rows changed by broken requests")
                .isEmpty();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void brokenRequestLinesAreRefusedInTheContractShapeOrTheConnectionIsClosed() throws Exception {
        String missing = "/v1/b2b/organizations/" + HostileValues.NO_SUCH_ORGANIZATION;
        String real = "/v1/b2b/organizations/" + organizationId;
        Map<String, byte[]> cases = new LinkedHashMap<>();
        // Versions
        cases.put("no HTTP version", request("GET " + real));
        cases.put("HTTP/0.9 simple request", bytes("GET " + real + "\r\n"));
        cases.put("HTTP/0.9 named", request("GET " + real + " HTTP/0.9"));
        cases.put("HTTP/1.0 without Host", bytes("GET " + missing + " HTTP/1.0\r\n\r\n"));
        cases.put("HTTP/2.0 on an HTTP/1 line", request("GET " + real + " HTTP/2.0"));
        cases.put("HTTP/3.0", request("GET " + real + " HTTP/3.0"));
        cases.put("HTTP/1.1.1", request("GET " + real + " HTTP/1.1.1"));
        cases.put("HTTP/11", request("GET " + real + " HTTP/11"));
        cases.put("HTTP/ 1.1", request("GET " + real + " HTTP/ 1.1"));
        cases.put("a fourth word", request("GET " + real + " HTTP/1.1 extra"));
        cases.put(
                "HTTP/2 prior-knowledge preface",
                concat(bytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}, new byte[] {
                    0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8
                }));
        cases.put("HTTP/2 preface alone", bytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        cases.put(
                "h2c upgrade with a broken settings header",
                bytes("GET " + missing + " HTTP/1.1\r\nHost: " + host
                        + "\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: !!!\r\n\r\n"));
        // Methods
        cases.put("garbage method", request("G@T " + real + " HTTP/1.1"));
        cases.put("method with a NUL", request("GE\u0000T " + real + " HTTP/1.1"));
        cases.put("method of raw bytes", request("G\u00c9T\u00ff " + real + " HTTP/1.1"));
        cases.put("quoted method", request("\"GET\" " + real + " HTTP/1.1"));
        cases.put("method of digits", request("12345 " + real + " HTTP/1.1"));
        cases.put("overlong method", request("A".repeat(10_000) + " " + real + " HTTP/1.1"));
        cases.put("method of 70 000 characters", request("A".repeat(70_000) + " " + real + " HTTP/1.1"));
        cases.put("no method", request(" " + real + " HTTP/1.1"));
        cases.put("no method or space", request(real + " HTTP/1.1"));
        // Targets
        cases.put("no target", request("GET HTTP/1.1"));
        cases.put("tabs between the words", request("GET\t" + real + "\tHTTP/1.1"));
        cases.put("tab inside the target", request("GET /v1/b2b/organi\tzations/" + organizationId + " HTTP/1.1"));
        cases.put("CR inside the target", request("GET /v1/b2b/organi\rzations/" + organizationId + " HTTP/1.1"));
        cases.put("LF inside the target", request("GET /v1/b2b/organi\nzations/" + organizationId + " HTTP/1.1"));
        cases.put(
                "CRLF and a header inside the target",
                request("GET /v1/b2b/organizations/\r\nX-Injected: 1\r\n" + organizationId + " HTTP/1.1"));
        cases.put("NUL inside the target", request("GET /v1/b2b/organizations/\u0000" + organizationId + " HTTP/1.1"));
        cases.put("raw high bytes inside the target", request("GET /v1/b2b/organizations/\u00ff\u00fe\u0080 HTTP/1.1"));
        cases.put("a space inside the target", request("GET /v1/b2b/organizations/a b HTTP/1.1"));
        cases.put("DEL inside the target", request("GET /v1/b2b/organizations/\u007f HTTP/1.1"));
        cases.put("no leading slash", request("GET v1/b2b/organizations/" + organizationId + " HTTP/1.1"));
        cases.put("asterisk-form on GET", request("GET * HTTP/1.1"));
        cases.put("authority-form on GET", request("GET evil.example:443 HTTP/1.1"));
        cases.put("CONNECT to another host", request("CONNECT evil.example:443 HTTP/1.1"));
        cases.put("target of 70 000 characters", request("GET /v1/" + "a".repeat(70_000) + " HTTP/1.1"));
        cases.put("absolute-form to another host", request("GET http://evil.example" + real + " HTTP/1.1"));
        cases.put("absolute-form https to another host", request("GET https://evil.example" + real + " HTTP/1.1"));
        cases.put(
                "absolute-form with our host as user info",
                request("GET http://" + host + "@evil.example" + real + " HTTP/1.1"));
        cases.put(
                "absolute-form POST to another host",
                withBody(
                        "POST http://evil.example/v1/b2b/organizations HTTP/1.1",
                        "{\"organization_name\":\"Proxied\",\"organization_slug\":\"proxied\"}"));
        cases.put("absolute-form file URI", request("GET file:///etc/passwd HTTP/1.1"));
        cases.put("absolute-form javascript URI", request("GET javascript:alert(1) HTTP/1.1"));
        // Line endings and whole lines
        cases.put("bare CR line endings", bytes("GET " + missing + " HTTP/1.1\rHost: " + host + "\r\r"));
        cases.put("a request line of 10 000 spaces", request(" ".repeat(10_000)));
        cases.put("only empty lines", bytes("\r\n".repeat(50)));
        cases.put("NUL bytes", new byte[300]);
        cases.put("random bytes", randomBytes(2048));
        cases.put("a TLS ClientHello", tlsClientHello());
        cases.put("an SSH banner", bytes("SSH-2.0-OpenSSH_9.6\r\n"));
        cases.put("an SMTP greeting", bytes("EHLO evil.example\r\nMAIL FROM:<a@evil.example>\r\n\r\n"));
        cases.put("an HTTP response instead of a request", bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        cases.put(
                "a header line before the request line",
                concat(bytes("Host: " + host + "\r\n"), request("GET " + missing + " HTTP/1.1")));

        List<String> failures = run(cases, b -> RawHttp.exchange(server.baseUrl(), b, READ_TIMEOUT_MILLIS));
        assertThat(failures).as("broken request lines").isEmpty();
        nothingChangedAndNothingFailed();
    }

    /**
     * Spellings Jetty's parser reads leniently, as RFC 9112 allows (§2.2: empty lines before the
     * request line, a bare LF as line end; §3: runs of spaces between the words), and two it
     * tolerates beyond that (a lower-case version, a fragment, which it drops). None can mean
     * anything but the request it spells, so each must be served exactly as that request: the real
     * organization, nothing else.
     */
    @Test
    void toleratedSpellingsOfARequestLineAreServedAsTheRequestTheySpell() throws Exception {
        String real = "/v1/b2b/organizations/" + organizationId;
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("two spaces before the target", request("GET  " + real + " HTTP/1.1"));
        cases.put("two spaces before the version", request("GET " + real + "  HTTP/1.1"));
        cases.put("lower-case http/1.1", request("GET " + real + " http/1.1"));
        cases.put("a fragment", request("GET " + real + "#frag HTTP/1.1"));
        cases.put(
                "empty lines before the request line", concat(bytes("\r\n\r\n"), request("GET " + real + " HTTP/1.1")));
        cases.put(
                "bare LF line endings",
                bytes("GET " + real + " HTTP/1.1\nHost: " + host + "\nAuthorization: " + credentials()
                        + "\nConnection: close\n\n"));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            RawRequest.Answer answer = RawHttp.exchange(server.baseUrl(), c.getValue(), READ_TIMEOUT_MILLIS);
            assertThat(answer.status()).as(c.getKey() + ": " + answer).isEqualTo(200);
            assertThat(Endpoint.JSON
                            .readTree(answer.body())
                            .path("organization")
                            .path("organization_id")
                            .asText())
                    .as(c.getKey())
                    .isEqualTo(organizationId);
        }
        nothingChangedAndNothingFailed();
    }

    @Test
    void aRequestSplitAcrossManyWritesIsAnsweredAsIfSentWhole() {
        byte[] whole = request("GET /v1/b2b/organizations/" + HostileValues.NO_SUCH_ORGANIZATION + " HTTP/1.1");
        List<byte[]> bytewise = new ArrayList<>();
        for (byte b : whole) {
            bytewise.add(new byte[] {b});
        }
        RawRequest.Answer answer = RawHttp.exchange(server.baseUrl(), bytewise, 2, READ_TIMEOUT_MILLIS);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.body()).contains("\"organization_not_found\"");

        // The body in pieces too: a well-formed create, whose slug is taken, so nothing is written.
        byte[] post = withBody(
                "POST /v1/b2b/organizations HTTP/1.1",
                "{\"organization_name\":\"Split\",\"organization_slug\":\"request-lines\"}");
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < post.length; i += 7) {
            pieces.add(java.util.Arrays.copyOfRange(post, i, Math.min(post.length, i + 7)));
        }
        RawRequest.Answer created = RawHttp.exchange(server.baseUrl(), pieces, 5, READ_TIMEOUT_MILLIS);
        assertThat(created.status()).as(created.toString()).isEqualTo(400);
        assertThat(created.body()).contains("\"organization_slug_already_used\"");
        nothingChangedAndNothingFailed();
    }

    /** Last, so the other tests run while the stalled requests wait for the idle timeout. */
    @Test
    @Order(Integer.MAX_VALUE)
    void stalledRequestsAreClosedByTheServerInsteadOfHeldForever() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Future<RawRequest.Answer>> s : stalled.entrySet()) {
            RawRequest.Answer answer = s.getValue().get();
            List<String> problems = problems(stalledCases.get(s.getKey()), answer);
            if (!problems.isEmpty()) {
                failures.add(s.getKey() + ": " + problems + "\n    answer: " + answer);
            }
        }
        assertThat(failures).as("stalled requests").isEmpty();
        // A route left waiting for its body answers when the idle timeout ends the wait.
        for (String name : List.of(
                "half the announced body",
                "an announced body never sent",
                "100-continue and no body",
                "one chunk and no end",
                "a chunk size line without its end")) {
            RawRequest.Answer answer = stalled.get(name).get();
            assertThat(answer.status()).as(name + ": " + answer).isEqualTo(408);
            assertThat(answer.body()).as(name).contains("\"error_type\":\"request_timeout\"");
        }
        assertThat(server.client()
                        .get("/v1/b2b/organizations/" + organizationId)
                        .status())
                .as("the server still serves")
                .isEqualTo(200);
        nothingChangedAndNothingFailed();
    }

    /**
     * Requests that stop half-way and are never finished: only the server's idle timeout ends
     * them. The body cases reach a route, which is left waiting for the rest of its body.
     */
    private static Map<String, byte[]> stalledCases() {
        String target = "/v1/b2b/organizations";
        String body = "{\"organization_name\":\"Stalled\",\"organization_slug\":\"stalled\"}";
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("half a request line", bytes("GET /v1/b2b/organiz"));
        cases.put("a request line without its end", bytes("GET " + target + " HTTP/1.1"));
        cases.put(
                "half the headers",
                bytes("POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + credentials()
                        + "\r\nContent-Type: appl"));
        cases.put(
                "headers without the empty line",
                bytes("POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + credentials()
                        + "\r\n"));
        cases.put(
                "half the announced body",
                concat(
                        head("POST " + target + " HTTP/1.1", body.length()),
                        bytes(body.substring(0, body.length() / 2))));
        cases.put("an announced body never sent", head("POST " + target + " HTTP/1.1", body.length()));
        cases.put(
                "100-continue and no body",
                bytes("POST " + target + " HTTP/1.1\r\nHost: " + host
                        + "\r\nAuthorization: " + credentials()
                        + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n"));
        cases.put(
                "one chunk and no end",
                bytes("POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: "
                        + credentials() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(body.length() / 2) + "\r\n" + body.substring(0, body.length() / 2)
                        + "\r\n"));
        cases.put(
                "a chunk size line without its end",
                bytes("POST " + target + " HTTP/1.1\r\nHost: " + host
                        + "\r\nAuthorization: " + credentials() + "\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n4"));
        cases.put("nothing at all", new byte[0]);
        return cases;
    }

    /** Sends every case side by side; returns what is wrong with each answer. */
    private static List<String> run(
            Map<String, byte[]> cases, java.util.function.Function<byte[], RawRequest.Answer> send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(cases.size(), 16));
        try {
            Map<String, Future<RawRequest.Answer>> answers = new LinkedHashMap<>();
            cases.forEach((name, bytes) -> answers.put(name, pool.submit(() -> send.apply(bytes))));
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, Future<RawRequest.Answer>> a : answers.entrySet()) {
                RawRequest.Answer answer = a.getValue().get();
                List<String> problems = problems(cases.get(a.getKey()), answer);
                if (!problems.isEmpty()) {
                    failures.add(a.getKey() + ": " + problems + "\n    answer: " + answer);
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A closed connection without an answer is fine; an answer must be a proper refusal; a hang never. */
    private static List<String> problems(byte[] sent, RawRequest.Answer answer) {
        if (answer.status() < 0) {
            return "the server closed the connection without an answer".equals(answer.problem())
                    ? List.of()
                    : List.of(answer.problem());
        }
        RawRequest described = RawRequest.of("RAW", new String(sent, StandardCharsets.ISO_8859_1));
        return ContractErrors.problems(described, answer, List.of(server.secret()));
    }

    // ---------------------------------------------------------------- bytes

    private static byte[] request(String requestLine) {
        return bytes(requestLine + "\r\nHost: " + host + "\r\nAuthorization: " + credentials()
                + "\r\nConnection: close\r\n\r\n");
    }

    private static byte[] withBody(String requestLine, String body) {
        return concat(head(requestLine, body.length()), bytes(body));
    }

    private static byte[] head(String requestLine, int contentLength) {
        return bytes(requestLine + "\r\nHost: " + host + "\r\nAuthorization: " + credentials()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength
                + "\r\nConnection: close\r\n\r\n");
    }

    private static String credentials() {
        return RawRequest.basic(server.projectId(), server.secret());
    }

    /** Latin-1, so each char below 256 is exactly one byte on the wire. */
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(20_261_203L).nextBytes(b);
        return b;
    }

    /** The start of a TLS 1.2 ClientHello, as a client that expected HTTPS sends it. */
    private static byte[] tlsClientHello() {
        byte[] random = randomBytes(32);
        return concat(
                new byte[] {0x16, 0x03, 0x01, 0x00, 0x31, 0x01, 0x00, 0x00, 0x2d, 0x03, 0x03},
                random,
                new byte[] {0x00, 0x00, 0x04, 0x13, 0x01, 0x00, (byte) 0xff, 0x01, 0x00, 0x00, 0x00});
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
