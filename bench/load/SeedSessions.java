import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bulk-seeds stored sessions for the load benchmark, straight into the database (the server is
 * stopped meanwhile). Every row is a copy of a real member and a real session made by the HTTP
 * login flow (the templates), with new ids, emails and times, so it matches the schema and what
 * the server writes exactly. A session token is 32 random bytes, base64url, as the server makes
 * them; the row keeps only its SHA-256 hex, and a sample of the tokens is written to a file.
 *
 * <pre>
 *   java -cp 'server/target/lib/*' bench/load/SeedSessions.java --db-url URL \
 *       --template-member MEMBER_ID --sessions N --members M --domain D \
 *       --sample K --sample-out FILE
 * </pre>
 */
public final class SeedSessions {
    private static final int BATCH = 5_000;
    private static final int COMMIT_EVERY = 50_000;
    private static final long DAY_MILLIS = 86_400_000L;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = opts.get("db-url");
        boolean postgres = url.startsWith("jdbc:postgresql:");
        if (postgres && !url.contains("reWriteBatchedInserts")) {
            // Lets the driver send a batch as multi-row INSERTs: several times faster.
            url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        int sessions = Integer.parseInt(opts.get("sessions"));
        int members = Integer.parseInt(opts.get("members"));
        int sample = Integer.parseInt(opts.get("sample"));
        String domain = opts.get("domain");
        String templateMemberId = opts.get("template-member");

        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            if (!postgres) {
                try (Statement s = c.createStatement()) {
                    // Seeding only, with the server stopped: durability is not needed until the end.
                    s.execute("PRAGMA synchronous=OFF");
                    s.execute("PRAGMA foreign_keys=ON");
                }
            }
            c.setAutoCommit(false);
            Map<String, Object> member = one(c, "SELECT * FROM members WHERE member_id = ?", templateMemberId);
            Map<String, Object> session = one(
                    c,
                    "SELECT * FROM member_sessions WHERE member_id = ? ORDER BY started_at LIMIT 1",
                    templateMemberId);
            String templateEmail = (String) member.get("email_address");
            String templateEmailId = (String) member.get("email_id");
            String env = templateMemberId.split("-")[1]; // member-<env>-<uuid>

            long now = System.currentTimeMillis();
            ThreadLocalRandom random = ThreadLocalRandom.current();

            // Members: copies of the template with their own id, email and email id.
            String[] memberIds = new String[members];
            String[] memberEmails = new String[members];
            String[] emailIds = new String[members];
            Inserter memberRows = new Inserter(c, "members", member.keySet());
            for (int i = 0; i < members; i++) {
                memberIds[i] = "member-" + env + "-" + UUID.randomUUID();
                memberEmails[i] = "stored-" + i + "@" + domain;
                emailIds[i] = "email-" + env + "-" + UUID.randomUUID();
                long created = now - random.nextLong(30 * DAY_MILLIS);
                Map<String, Object> row = new LinkedHashMap<>(member);
                row.put("member_id", memberIds[i]);
                row.put("email_address", memberEmails[i]);
                row.put("email_key", memberEmails[i]);
                row.put("email_id", emailIds[i]);
                row.put("created_at", created);
                row.put("updated_at", created);
                memberRows.add(row);
            }
            memberRows.finish();
            System.err.printf("seed: %,d members in %.1f s%n", members, (System.nanoTime() - started) / 1e9);

            // Sessions: alive (started within the last week, expiring within the next one), spread
            // over the members; the factor names the member's own email.
            SecureRandom secure = new SecureRandom();
            Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            HexFormat hex = HexFormat.of();
            String factors = (String) session.get("factors");
            int stride = Math.max(1, sessions / Math.max(1, sample));
            Inserter sessionRows = new Inserter(c, "member_sessions", session.keySet());
            try (BufferedWriter tokens =
                    Files.newBufferedWriter(Path.of(opts.get("sample-out")), StandardCharsets.UTF_8)) {
                byte[] bytes = new byte[32];
                for (int i = 0; i < sessions; i++) {
                    int m = i % members;
                    secure.nextBytes(bytes);
                    String token = base64url.encodeToString(bytes);
                    long startedAt = now - random.nextLong(7 * DAY_MILLIS);
                    long lastAccessed = startedAt + random.nextLong(now - startedAt + 1);
                    Map<String, Object> row = new LinkedHashMap<>(session);
                    row.put("session_id", "member-session-" + env + "-" + UUID.randomUUID());
                    row.put("member_id", memberIds[m]);
                    row.put("token_hash", hex.formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8))));
                    row.put("started_at", startedAt);
                    row.put("last_accessed_at", lastAccessed);
                    row.put("expires_at", now + DAY_MILLIS + random.nextLong(7 * DAY_MILLIS));
                    row.put("revoked_at", null);
                    row.put(
                            "factors",
                            factors.replace(templateEmailId, emailIds[m]).replace(templateEmail, memberEmails[m]));
                    row.put("updated_at", startedAt);
                    sessionRows.add(row);
                    if (i % stride == 0 && i / stride < sample) {
                        tokens.write(token);
                        tokens.newLine();
                    }
                }
            }
            sessionRows.finish();
            System.err.printf("seed: %,d sessions in %.1f s%n", sessions, (System.nanoTime() - started) / 1e9);
        }
        // Statistics and the visibility map, as a database that has been running a while has them.
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("VACUUM ANALYZE members");
                s.execute("VACUUM ANALYZE member_sessions");
            } else {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        System.err.printf("seed: done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static Map<String, Object> one(Connection c, String sql, String param) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no template row for " + param);
                }
                ResultSetMetaData md = rs.getMetaData();
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                return row;
            }
        }
    }

    /** Batched INSERTs of whole rows, the columns named as the template row names them. */
    private static final class Inserter {
        private final Connection c;
        private final PreparedStatement ps;
        private final List<String> columns;
        private int pending;
        private int sinceCommit;

        Inserter(Connection c, String table, java.util.Collection<String> columns) throws Exception {
            this.c = c;
            this.columns = new ArrayList<>(columns);
            String names = String.join(", ", this.columns);
            String marks = String.join(", ", this.columns.stream().map(x -> "?").toList());
            this.ps = c.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")");
        }

        void add(Map<String, Object> row) throws Exception {
            for (int i = 0; i < columns.size(); i++) {
                ps.setObject(i + 1, row.get(columns.get(i)));
            }
            ps.addBatch();
            if (++pending == BATCH) {
                flush();
            }
        }

        private void flush() throws Exception {
            ps.executeBatch();
            sinceCommit += pending;
            pending = 0;
            if (sinceCommit >= COMMIT_EVERY) {
                c.commit();
                sinceCommit = 0;
            }
        }

        void finish() throws Exception {
            if (pending > 0) {
                flush();
            }
            c.commit();
            ps.close();
        }
    }
}
