package io.latchkey.server.nodes;

import io.latchkey.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The shared mail outbox read raw, over a connection of its own. */
final class Outbox {
    private Outbox() {}

    /** How many messages are in each status. */
    static Map<String, Integer> statuses(TestDatabase db) {
        Map<String, Integer> counts = new TreeMap<>();
        query(
                db,
                "SELECT status, COUNT(*) FROM mail_outbox GROUP BY status",
                rs -> counts.put(rs.getString(1), rs.getInt(2)));
        return counts;
    }

    /** The delivery attempts of every message. */
    static List<Integer> attempts(TestDatabase db) {
        List<Integer> attempts = new ArrayList<>();
        query(db, "SELECT attempts FROM mail_outbox", rs -> attempts.add(rs.getInt(1)));
        return attempts;
    }

    /** How many messages were queued for {@code recipient}. */
    static int queuedFor(TestDatabase db, String recipient) {
        int[] count = new int[1];
        query(db, "SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?", rs -> count[0] = rs.getInt(1), recipient);
        return count[0];
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(TestDatabase db, String sql, RowReader reader, Object... params) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl());
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
