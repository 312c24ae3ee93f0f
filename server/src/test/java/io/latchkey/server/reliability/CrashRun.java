package io.latchkey.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The crash-safety driver: {@code latchkey start} in a child JVM on a fresh database, mail to an
 * SMTP server in this JVM, writes from several clients, SIGKILLs at random moments with a
 * restart after each, then every write checked against what the clients were told (see {@link
 * CrashVerifier}). Used by {@code CrashSafetyTest} (short) and {@code bench/crash/run.sh} (long):
 *
 * <pre>
 * java -cp ... io.latchkey.server.reliability.CrashRun --dialect sqlite --kills 20 --duration 600
 *     [--workers 8] [--seed N] [--out DIR]
 * </pre>
 *
 * The child runs on this JVM's class path, so it is the server exactly as built.
 */
public final class CrashRun {
    /**
     * How long the outbox may go without sending anything before it counts as stuck: a message
     * claimed by a killed server comes back after the lease (15 s), then its retries back off.
     */
    private static final Duration DRAIN_STALL_LIMIT = Duration.ofSeconds(90);

    private final CrashOptions options;
    private final Random random;
    private final Path logs;

    private CrashRun(CrashOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.logs = options.workDir();
    }

    public static CrashReport run(CrashOptions options) throws Exception {
        Files.createDirectories(options.workDir());
        return new CrashRun(options).execute();
    }

    private CrashReport execute() throws Exception {
        try (TestDatabase database = TestDatabase.create(options.dialect());
                MailInbox inbox = new MailInbox(freePort())) {
            return execute(database, inbox);
        }
    }

    private CrashReport execute(TestDatabase database, MailInbox inbox) throws Exception {
        int port = freePort();
        int smtpPort = inbox.port();
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        Map<String, String> env = new HashMap<>();
        env.put("LATCHKEY_DB_URL", database.jdbcUrl());
        env.put("LATCHKEY_MASTER_KEY", Base64.getEncoder().encodeToString(masterKey));
        env.put("LATCHKEY_BASE_URL", "http://127.0.0.1:" + port);
        env.put("LATCHKEY_DB_POOL_SIZE", "8");
        // The driver waits for /readyz on the API port; no management port to clash on.
        env.put("LATCHKEY_MANAGEMENT_PORT", "off");
        env.put("LATCHKEY_SMTP_HOST", "127.0.0.1");
        env.put("LATCHKEY_SMTP_PORT", Integer.toString(smtpPort));
        env.put("LATCHKEY_SMTP_SECURITY", "none");
        env.put("LATCHKEY_SMTP_FROM", "no-reply@" + CrashLoad.DOMAIN);
        // One line per request would be most of the run's disk writes; warnings and errors stay.
        env.put("LATCHKEY_LOG_LEVEL", "WARN");
        // Every limit stays at its default. The check afterwards presents every revoked session from
        // this one address, each a failed attempt by design; the per-address limit is off by default,
        // and even when on it never refuses the live sessions the checker presents next.

        JsonNode project = new ObjectMapper()
                .readTree(ServerProcess.runCommand(
                        env,
                        logs.resolve("cli.log"),
                        "project",
                        "create",
                        "--db-url",
                        database.jdbcUrl(),
                        "--name",
                        "Crash safety",
                        "--redirect-url",
                        "http://127.0.0.1:9/authenticate"));
        String projectId = project.path("project_id").asText();
        String secret = project.path("secret").asText();
        String baseUrl = "http://127.0.0.1:" + port;

        Journal journal = new Journal();
        List<Integer> exitCodes = new ArrayList<>();
        List<Integer> inFlightAtKills = new ArrayList<>();
        List<Long> restartMillis = new ArrayList<>();
        Path serverLog = logs.resolve("server.log");
        long started = System.nanoTime();
        ServerProcess server = ServerProcess.start(env, port, serverLog);
        CrashLoad load = new CrashLoad(baseUrl, projectId, secret, journal, inbox, options.workers(), options.seed());
        CrashVerifier verifier = new CrashVerifier(journal, projectId);
        long drainMillis;
        long loadSeconds;
        boolean stopped = false;
        try {
            load.start();
            long segmentMillis = options.duration().toMillis() / (options.kills() + 1);
            for (int kill = 0; kill < options.kills(); kill++) {
                // Anywhere in the middle of the segment, so the load is well under way.
                ServerProcess.pause(segmentMillis / 2 + (long) (random.nextDouble() * segmentMillis));
                inFlightAtKills.add(journal.inFlight());
                if (options.restartsDatabase()) {
                    // The server keeps running: it must ride the outage out on its own.
                    long restart = System.nanoTime();
                    exitCodes.add(restartDatabase(options.databaseRestart()));
                    restartMillis.add((System.nanoTime() - restart) / 1_000_000);
                    log("database restart " + (kill + 1) + "/" + options.kills() + " (exit " + exitCodes.get(kill)
                            + ", " + inFlightAtKills.get(kill) + " requests in flight)");
                    continue;
                }
                exitCodes.add(server.kill());
                log("kill " + (kill + 1) + "/" + options.kills() + " (exit " + exitCodes.get(kill) + ", "
                        + inFlightAtKills.get(kill) + " requests in flight)");
                long restart = System.nanoTime();
                server = ServerProcess.start(env, port, serverLog);
                restartMillis.add((System.nanoTime() - restart) / 1_000_000);
            }
            long left = options.duration().toMillis() - (System.nanoTime() - started) / 1_000_000;
            ServerProcess.pause(Math.max(left, 3_000));
            load.close();
            loadSeconds = (System.nanoTime() - started) / 1_000_000_000;
            long drainStart = System.nanoTime();
            awaitOutboxDrained(database.jdbcUrl(), projectId);
            drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
            log("load stopped after " + journal.requests.sum() + " requests; outbox drained in " + drainMillis + " ms");
            verifier.checkThroughApi(new ApiClient(baseUrl, projectId, secret));
            server.stop();
            stopped = true;
        } finally {
            // Whatever failed, leave no writer and no server process behind.
            load.close();
            if (!stopped) {
                server.kill();
            }
        }
        inbox.newDeliveries();
        Map<String, Integer> received = inbox.receivedById();
        verifier.checkDatabase(database.jdbcUrl(), received);
        int duplicates = received.values().stream().mapToInt(n -> n - 1).sum();
        return new CrashReport(
                options.dialect(),
                options.restartsDatabase(),
                loadSeconds,
                options.kills(),
                exitCodes,
                inFlightAtKills,
                restartMillis,
                journal.requests.sum(),
                journal.serverErrors.sum(),
                journal.unavailable.sum(),
                journal.outcomes(),
                verifier.unknownApplied(),
                verifier.unknownAbsent(),
                verifier.checked(),
                verifier.lost(),
                verifier.halfApplied(),
                outboxRows(database.jdbcUrl(), projectId),
                received.size(),
                duplicates,
                drainMillis);
    }

    /** Runs the operator's restart command (sh -c) to its end; returns its exit code. */
    private int restartDatabase(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logs.resolve("database-restarts.log").toFile()))
                .start();
        return process.waitFor();
    }

    private static void awaitOutboxDrained(String jdbcUrl, String projectId) throws SQLException {
        long deadline = System.nanoTime() + DRAIN_STALL_LIMIT.toNanos();
        int polls = 0;
        int least = Integer.MAX_VALUE;
        for (int queued; (queued = queued(jdbcUrl, projectId)) > 0; ) {
            if (queued < least) {
                least = queued;
                deadline = System.nanoTime() + DRAIN_STALL_LIMIT.toNanos();
            } else if (System.nanoTime() > deadline) {
                // Left for the verifier to report as mail not delivered.
                log("the outbox sent nothing for " + DRAIN_STALL_LIMIT + "; " + queued + " still queued");
                return;
            }
            if (++polls % 25 == 0) {
                log(queued + " still queued, first: " + describeQueued(jdbcUrl, projectId));
            }
            ServerProcess.pause(200);
        }
    }

    /** The first few queued messages: attempts, and claim and next attempt relative to now, in ms. */
    private static String describeQueued(String jdbcUrl, String projectId) throws SQLException {
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps = c.prepareStatement("SELECT attempts, claimed_until, next_attempt_at,"
                        + " last_error FROM mail_outbox WHERE project_id = ? AND status = 'queued'"
                        + " ORDER BY next_attempt_at LIMIT 5")) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int attempts = rs.getInt(1);
                    long claimed = rs.getLong(2);
                    boolean unclaimed = rs.wasNull();
                    out.add("attempts " + attempts + (unclaimed ? "" : ", claimed for " + (claimed - now)) + ", due in "
                            + (rs.getLong(3) - now) + (rs.getString(4) == null ? "" : ", " + rs.getString(4)));
                }
            }
        }
        return out.toString();
    }

    private static int queued(String jdbcUrl, String projectId) throws SQLException {
        return count(jdbcUrl, projectId, "SELECT count(*) FROM mail_outbox WHERE project_id = ? AND status = 'queued'");
    }

    private static int outboxRows(String jdbcUrl, String projectId) throws SQLException {
        return count(jdbcUrl, projectId, "SELECT count(*) FROM mail_outbox WHERE project_id = ?");
    }

    private static int count(String jdbcUrl, String projectId, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void log(String line) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " crash run: " + line);
        System.out.flush();
    }

    /** Runs one dialect per {@code --dialect} given; exits 1 when any run found a violation. */
    public static void main(String[] args) throws Exception {
        List<String> dialects = new ArrayList<>();
        int kills = 20;
        int workers = 8;
        long duration = 600;
        long seed = new SecureRandom().nextLong();
        Path out = Path.of("crash-results");
        String databaseRestart = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dialect" -> dialects.add(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--duration" -> duration = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--database-restart" -> databaseRestart = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        boolean passed = true;
        for (String dialect : dialects) {
            log(dialect + ": " + kills + " kills over " + duration + " s, " + workers + " workers, seed " + seed);
            CrashReport report = run(new CrashOptions(
                    dialect,
                    Duration.ofSeconds(duration),
                    kills,
                    workers,
                    seed,
                    out.resolve(dialect),
                    databaseRestart));
            Files.writeString(out.resolve(dialect).resolve("report.txt"), report.format());
            System.out.print(report.format());
            passed &= report.passed();
        }
        System.exit(passed ? 0 : 1);
    }
}
