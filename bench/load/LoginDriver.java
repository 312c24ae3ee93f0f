import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for the full email magic-link login, with its own SMTP sink.
 *
 * <p>One login is: POST login_or_signup, wait for the emailed link to reach the sink (the server
 * queues it in its outbox and delivers it over SMTP), then POST magic_links/authenticate with the
 * token from the link. Run with the server's runtime classpath (for Jackson):
 *
 * <pre>
 *   java -cp 'server/target/lib/*' bench/load/LoginDriver.java seed  [options]   # sign up N members
 *   java -cp 'server/target/lib/*' bench/load/LoginDriver.java bench [options]   # timed logins
 * </pre>
 *
 * Options: --base-url URL --project-id ID --secret S --organization-id ID --smtp-port P
 * --concurrency C; seed: --count N --domain D --out DIR (writes session_tokens.txt,
 * session_jwts.txt, emails.txt, member_ids.txt); bench: --emails FILE --warmup SECONDS
 * --duration SECONDS. The last line printed is a machine-readable RESULT line.
 */
public final class LoginDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    // The link in the mail: ...&token=<43 base64url characters>; "&amp;" in the HTML part.
    private static final Pattern LINK_TOKEN =
            Pattern.compile("stytch_token_type=multi_tenant_magic_links&(?:amp;)?token=([A-Za-z0-9_-]{43})");
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> opts;
    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;
    private final String organizationId;
    private final SmtpSink sink;

    private LoginDriver(Map<String, String> opts) throws IOException {
        this.opts = opts;
        this.baseUrl = require(opts, "base-url");
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((require(opts, "project-id") + ":" + require(opts, "secret"))
                                .getBytes(StandardCharsets.UTF_8));
        this.organizationId = require(opts, "organization-id");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.sink = new SmtpSink(Integer.parseInt(require(opts, "smtp-port")));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("seed") || args[0].equals("bench"))) {
            System.err.println("usage: LoginDriver seed|bench --option value ...");
            System.exit(2);
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an --option, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        LoginDriver driver = new LoginDriver(opts);
        int status;
        try {
            status = args[0].equals("seed") ? driver.seed() : driver.bench();
        } finally {
            driver.sink.close();
        }
        System.exit(status);
    }

    // ---- seed: sign up N new members through the real flow, keep their sessions

    private int seed() throws Exception {
        int count = Integer.parseInt(require(opts, "count"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "32"));
        String domain = require(opts, "domain");
        Path out = Path.of(require(opts, "out"));
        String[] tokens = new String[count];
        String[] jwts = new String[count];
        String[] memberIds = new String[count];
        String[] emails = new String[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String email = "member-" + i + "@" + domain;
                    try {
                        Login login = login(email);
                        tokens[i] = login.sessionToken;
                        jwts[i] = login.sessionJwt;
                        memberIds[i] = login.memberId;
                        emails[i] = email;
                    } catch (Exception e) {
                        if (failures.incrementAndGet() <= 5) {
                            System.err.println("seed login failed for " + email + ": " + e.getMessage());
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("seeding logins did not finish in 30 minutes");
        }
        Files.createDirectories(out);
        write(out.resolve("session_tokens.txt"), tokens);
        write(out.resolve("session_jwts.txt"), jwts);
        write(out.resolve("member_ids.txt"), memberIds);
        write(out.resolve("emails.txt"), emails);
        System.out.printf(Locale.ROOT, "RESULT seeded=%d failures=%d%n", count - failures.get(), failures.get());
        return failures.get() == 0 ? 0 : 1;
    }

    private static void write(Path file, String[] lines) throws IOException {
        List<String> present = new ArrayList<>();
        for (String line : lines) {
            if (line != null) {
                present.add(line);
            }
        }
        Files.write(file, present);
    }

    // ---- bench: logins for a fixed time, each worker cycling through its own share of emails

    private int bench() throws Exception {
        List<String> emails = Files.readAllLines(Path.of(require(opts, "emails")));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "32"));
        long warmupNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opts.getOrDefault("warmup", "10")));
        long durationNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(require(opts, "duration")));
        if (emails.size() < concurrency) {
            throw new IllegalArgumentException("need at least one email per worker");
        }
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long stopAt = measureFrom + durationNanos;
        Samples total = new Samples();
        Samples request = new Samples();
        Samples mail = new Samples();
        Samples authenticate = new Samples();
        AtomicLong failures = new AtomicLong();
        // Every login the server completed, the driver's warm-up included: the server's CPU over
        // the whole run divides by this one.
        AtomicLong completed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            pool.submit(() -> {
                // Disjoint shares: a recipient never has two links in flight, so mail maps to its login.
                for (int k = worker; System.nanoTime() < stopAt; k += concurrency) {
                    String email = emails.get(k % (emails.size() - emails.size() % concurrency));
                    long t0 = System.nanoTime();
                    try {
                        Login login = login(email);
                        long t3 = System.nanoTime();
                        completed.incrementAndGet();
                        // Only logins that both started and ended inside the window count.
                        if (t0 >= measureFrom && t3 <= stopAt) {
                            total.add(t3 - t0);
                            request.add(login.mailRequested - t0);
                            mail.add(login.mailReceived - login.mailRequested);
                            authenticate.add(t3 - login.mailReceived);
                        }
                    } catch (Exception e) {
                        if (t0 >= measureFrom && failures.incrementAndGet() <= 5) {
                            System.err.println("login failed: " + e.getMessage());
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(durationNanos + warmupNanos + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS)) {
            System.err.println("logins still running at the deadline; abandoning them");
            pool.shutdownNow();
        }
        double seconds = durationNanos / 1e9;
        System.out.printf(
                Locale.ROOT,
                "phases p50/p99 ms: login_or_signup %.1f/%.1f, mail delivered %.1f/%.1f, authenticate %.1f/%.1f%n",
                request.percentileMs(50),
                request.percentileMs(99),
                mail.percentileMs(50),
                mail.percentileMs(99),
                authenticate.percentileMs(50),
                authenticate.percentileMs(99));
        System.out.printf(
                Locale.ROOT,
                "RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d completed=%d%n",
                total.count() / seconds,
                total.percentileMs(50),
                total.percentileMs(99),
                total.count(),
                failures.get(),
                completed.get());
        return 0;
    }

    // ---- one login

    private record Login(
            String sessionToken, String sessionJwt, String memberId, long mailRequested, long mailReceived) {}

    private Login login(String email) throws Exception {
        BlockingQueue<String> inbox = sink.inbox(email);
        inbox.clear();
        post(
                "/v1/b2b/magic_links/email/login_or_signup",
                Map.of("organization_id", organizationId, "email_address", email));
        long requested = System.nanoTime();
        String token = inbox.poll(MAIL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (token == null) {
            throw new IllegalStateException("no mail for " + email + " within " + MAIL_TIMEOUT);
        }
        long received = System.nanoTime();
        JsonNode session = post(
                "/v1/b2b/magic_links/authenticate",
                Map.of("magic_links_token", token, "session_duration_minutes", 1440));
        return new Login(
                session.path("session_token").asText(),
                session.path("session_jwt").asText(),
                session.path("member_id").asText(),
                requested,
                received);
    }

    private JsonNode post(String path, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    private static String require(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /** Latencies in nanoseconds; percentiles by sorting at the end (a few thousand samples). */
    private static final class Samples {
        private long[] values = new long[4096];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized int count() {
            return size;
        }

        synchronized double percentileMs(double p) {
            if (size == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * size) - 1;
            return sorted[Math.max(0, Math.min(size - 1, index))] / 1e6;
        }
    }

    /**
     * A minimal SMTP server on the loopback interface: accepts every message (no TLS, no auth),
     * takes the magic-link token out of the body and hands it to the recipient's inbox.
     */
    private static final class SmtpSink implements AutoCloseable {
        private final ServerSocket server;
        private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "smtp-sink");
            t.setDaemon(true);
            return t;
        });
        private final Map<String, BlockingQueue<String>> inboxes = new ConcurrentHashMap<>();
        private volatile boolean open = true;

        SmtpSink(int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            Thread acceptor = new Thread(this::accept, "smtp-sink-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        BlockingQueue<String> inbox(String recipient) {
            return inboxes.computeIfAbsent(recipient.toLowerCase(Locale.ROOT), r -> new LinkedBlockingQueue<>());
        }

        private void accept() {
            while (open) {
                try {
                    Socket socket = server.accept();
                    connections.submit(() -> converse(socket));
                } catch (IOException e) {
                    if (open) {
                        System.err.println("smtp sink: " + e.getMessage());
                    }
                }
            }
        }

        private void converse(Socket socket) {
            try (socket;
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream raw = socket.getOutputStream()) {
                PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8), false);
                reply(out, "220 sink ESMTP");
                List<String> recipients = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    String verb = line.length() >= 4
                            ? line.substring(0, 4).toUpperCase(Locale.ROOT)
                            : line.toUpperCase(Locale.ROOT);
                    switch (verb) {
                        case "EHLO", "HELO" -> reply(out, "250 sink");
                        case "MAIL" -> {
                            recipients.clear();
                            reply(out, "250 OK");
                        }
                        case "RCPT" -> {
                            Matcher m = Pattern.compile("<([^>]*)>").matcher(line);
                            if (m.find()) {
                                recipients.add(m.group(1));
                            }
                            reply(out, "250 OK");
                        }
                        case "DATA" -> {
                            reply(out, "354 go ahead");
                            StringBuilder body = new StringBuilder();
                            String data;
                            while ((data = in.readLine()) != null && !data.equals(".")) {
                                body.append(data.startsWith("..") ? data.substring(1) : data)
                                        .append('\n');
                            }
                            deliver(recipients, body);
                            reply(out, "250 OK queued");
                        }
                        case "RSET" -> {
                            recipients.clear();
                            reply(out, "250 OK");
                        }
                        case "NOOP" -> reply(out, "250 OK");
                        case "QUIT" -> {
                            reply(out, "221 bye");
                            return;
                        }
                        default -> reply(out, "502 command unrecognized");
                    }
                }
            } catch (IOException e) {
                // The client went away; nothing to deliver.
            }
        }

        private void deliver(List<String> recipients, StringBuilder body) {
            String text = body.toString();
            if (text.toLowerCase(Locale.ROOT).contains("content-transfer-encoding: quoted-printable")) {
                text = decodeQuotedPrintable(text);
            }
            Matcher m = LINK_TOKEN.matcher(text);
            if (!m.find()) {
                System.err.println("smtp sink: a message without a magic link:\n" + body);
                return;
            }
            for (String recipient : recipients) {
                inbox(recipient).offer(m.group(1));
            }
        }

        /** Soft line breaks go, {@code =XX} becomes its character (the link is ASCII). */
        private static String decodeQuotedPrintable(String text) {
            String joined = text.replace("=\n", "");
            StringBuilder out = new StringBuilder(joined.length());
            for (int i = 0; i < joined.length(); i++) {
                char c = joined.charAt(i);
                if (c == '='
                        && i + 2 < joined.length()
                        && Character.digit(joined.charAt(i + 1), 16) >= 0
                        && Character.digit(joined.charAt(i + 2), 16) >= 0) {
                    out.append((char) Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private static void reply(PrintWriter out, String text) {
            out.print(text + "\r\n");
            out.flush();
        }

        @Override
        public void close() throws IOException {
            open = false;
            server.close();
            connections.shutdownNow();
        }
    }
}
