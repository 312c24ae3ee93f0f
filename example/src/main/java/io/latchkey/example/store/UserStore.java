package io.latchkey.example.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code users} table: created or refreshed on every login, renamed by profile updates.
 * Thread-safe. Times are stored as ISO-8601 text so the file reads well in the sqlite3 shell.
 */
public final class UserStore {
    private final Database db;
    private final Clock clock;

    public UserStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records a completed login: the row is created, or brought up to date with Latchkey's answer. */
    public AppUser recordLogin(String memberId, String organizationId, String email, String name) {
        String now = clock.instant().toString();
        String sql = """
        INSERT INTO users (member_id, organization_id, email, name, last_login_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (member_id) DO UPDATE SET
          organization_id = excluded.organization_id,
          email = excluded.email,
          name = excluded.name,
          last_login_at = excluded.last_login_at,
          updated_at = excluded.updated_at""";
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, memberId);
            ps.setString(2, organizationId);
            ps.setString(3, email);
            ps.setString(4, name == null ? "" : name);
            ps.setString(5, now);
            ps.setString(6, now);
            ps.setString(7, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record the login", e);
        }
        return find(memberId).orElseThrow();
    }

    /**
     * Saves a profile change. A member who has a session but no row yet (the table was reset, say)
     * gets one, so the two stores converge rather than the update failing.
     */
    public AppUser updateProfile(String memberId, String organizationId, String email, String name) {
        String now = clock.instant().toString();
        String sql = """
        INSERT INTO users (member_id, organization_id, email, name, last_login_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, NULL, ?, ?)
        ON CONFLICT (member_id) DO UPDATE SET
          email = excluded.email,
          name = excluded.name,
          updated_at = excluded.updated_at""";
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, memberId);
            ps.setString(2, organizationId);
            ps.setString(3, email);
            ps.setString(4, name == null ? "" : name);
            ps.setString(5, now);
            ps.setString(6, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot save the profile", e);
        }
        return find(memberId).orElseThrow();
    }

    public Optional<AppUser> find(String memberId) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT member_id, organization_id, email, name, last_login_at, created_at, updated_at"
                                + " FROM users WHERE member_id = ?")) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AppUser(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        instant(rs.getString(5)),
                        instant(rs.getString(6)),
                        instant(rs.getString(7))));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the user", e);
        }
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }
}
