package io.latchkey.server.testing;

import io.latchkey.server.store.Database;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of the named tables as text, for asserting that a refused request changed nothing:
 * take one before, one after, compare with equals.
 */
public final class DbSnapshot {
    private DbSnapshot() {}

    public static Map<String, List<String>> of(Database db, String... tables) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        db.read(tx -> {
            for (String table : tables) {
                List<String> rows = new ArrayList<>(tx.query("SELECT * FROM " + table, rs -> {
                    ResultSetMetaData meta = rs.getMetaData();
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.append(meta.getColumnName(i))
                                .append('=')
                                .append(rs.getString(i))
                                .append(';');
                    }
                    return row.toString();
                }));
                rows.sort(null);
                out.put(table, rows);
            }
            return null;
        });
        return out;
    }

    /**
     * Every row of every table of the schema (migrations' bookkeeping included), so a new table
     * is covered without anyone remembering to list it.
     */
    public static Map<String, List<String>> everyTable(Database db) {
        List<String> tables = db.read(tx -> tx.query(
                tx.dialect() == io.latchkey.server.store.Dialect.POSTGRESQL
                        ? "SELECT table_name FROM information_schema.tables"
                                + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
                        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                rs -> rs.getString(1)));
        return of(db, tables.toArray(String[]::new));
    }

    /** A SHA-256 over a snapshot, to report one value where a whole snapshot would be noise. */
    public static String checksum(Map<String, List<String>> snapshot) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            snapshot.forEach((table, rows) -> {
                digest.update(table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                rows.forEach(row -> digest.update(("\n" + row).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                digest.update((byte) 0);
            });
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows that differ between two snapshots, per table ("- " gone, "+ " new), for failure messages. */
    public static Map<String, List<String>> difference(
            Map<String, List<String>> before, Map<String, List<String>> after) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        java.util.Set<String> tables = new java.util.TreeSet<>(before.keySet());
        tables.addAll(after.keySet());
        for (String table : tables) {
            List<String> was = before.getOrDefault(table, List.of());
            List<String> now = after.getOrDefault(table, List.of());
            List<String> changes = new ArrayList<>();
            was.stream().filter(r -> !now.contains(r)).forEach(r -> changes.add("- " + r));
            now.stream().filter(r -> !was.contains(r)).forEach(r -> changes.add("+ " + r));
            if (!changes.isEmpty()) {
                out.put(table, changes);
            }
        }
        return out;
    }

    /** The tables of organizations and members. */
    public static Map<String, List<String>> organizationsAndMembers(TestServer server) {
        return of(server.app().database(), "organizations", "organization_domains", "members", "member_retired_emails");
    }
}
