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
    db.read(
        tx -> {
          for (String table : tables) {
            List<String> rows =
                new ArrayList<>(
                    tx.query(
                        "SELECT * FROM " + table,
                        rs -> {
                          ResultSetMetaData meta = rs.getMetaData();
                          StringBuilder row = new StringBuilder();
                          for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(meta.getColumnName(i)).append('=').append(rs.getString(i)).append(';');
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

  /** The tables of organizations and members. */
  public static Map<String, List<String>> organizationsAndMembers(TestServer server) {
    return of(
        server.app().database(), "organizations", "organization_domains", "members", "member_retired_emails");
  }
}
