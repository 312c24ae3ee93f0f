package io.latchkey.server.mail;

import io.latchkey.server.App;
import io.latchkey.server.store.Tx;
import io.latchkey.server.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test access to the outbox: queueing through the server's own service, reading rows raw. */
final class Outbox {
    private Outbox() {}

    /** Queues a login email the way a feature would: inside its own transaction. */
    static String queueLogin(App app, String projectId, String to, String organization, String link) {
        return app.database().inTransaction(tx -> queueLogin(tx, app, projectId, to, organization, link));
    }

    /** Queues a login email in the caller's transaction {@code tx}. */
    static String queueLogin(Tx tx, App app, String projectId, String to, String organization, String link) {
        return app.mail()
                .queueEmail(
                        tx,
                        projectId,
                        to,
                        MailTemplates.LOGIN,
                        Map.of(
                                MailTemplates.ORGANIZATION_NAME, organization,
                                MailTemplates.LINK, link,
                                MailTemplates.EMAIL, to,
                                MailTemplates.EXPIRATION_MINUTES, "60"));
    }

    /** Every outbox row as column -> value, read over a connection of its own, in insert order. */
    static List<Map<String, Object>> rows(TestDatabase db) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl());
                PreparedStatement ps = c.prepareStatement("SELECT * FROM mail_outbox ORDER BY seq");
                ResultSet rs = ps.executeQuery()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> row(TestDatabase db, String messageId) {
        return rows(db).stream()
                .filter(r -> messageId.equals(r.get("message_id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no outbox row " + messageId));
    }

    static String status(TestDatabase db, String messageId) {
        return (String) row(db, messageId).get("status");
    }

    static int attempts(TestDatabase db, String messageId) {
        return ((Number) row(db, messageId).get("attempts")).intValue();
    }

    /** True once a failed delivery of the message has been recorded and its claim released. */
    static boolean failedOnce(TestDatabase db, String messageId) {
        Map<String, Object> row = row(db, messageId);
        return row.get("last_error") != null && row.get("claim_token") == null;
    }

    /** Every value of the row as text (bytes decoded leniently), to search for leaked secrets. */
    static String asText(Map<String, Object> row) {
        StringBuilder out = new StringBuilder();
        row.forEach((k, v) -> out.append(k)
                .append('=')
                .append(v instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : v)
                .append('\n'));
        return out.toString();
    }
}
