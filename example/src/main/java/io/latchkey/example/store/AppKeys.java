package io.latchkey.example.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * Secret keys the app makes for itself (the CSRF key), generated once and kept in its database so
 * that forms rendered before a restart still submit after it. Nobody configures them, so they
 * cannot leak through configuration or logs.
 */
public final class AppKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public AppKeys(Database db) {
        this.db = db;
    }

    /** The key called {@code name}: 32 random bytes, created on first use. */
    public byte[] key(String name) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        try (Connection c = db.connect()) {
            // INSERT OR IGNORE then SELECT: two processes starting at once agree on the first key.
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT OR IGNORE INTO app_keys (name, value) VALUES (?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, Base64.getEncoder().encodeToString(fresh));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM app_keys WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Base64.getDecoder().decode(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the app's keys", e);
        }
    }
}
