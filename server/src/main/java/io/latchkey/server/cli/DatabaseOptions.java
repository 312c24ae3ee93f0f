package io.latchkey.server.cli;

import io.latchkey.server.config.ConfigFile;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SettingsException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a command finds the database: LATCHKEY_DB_URL when set, else the embedded default's
 * SQLite file in {@code --data-dir}. Shared by every subcommand so they all agree.
 */
public final class DatabaseOptions {
    @Option(
            names = "--data-dir",
            description = "Embedded default's data folder (SQLite database, dev key). Default: ./data",
            defaultValue = "data")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL of the database (overrides LATCHKEY_DB_URL and --data-dir)")
    String dbUrl;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file of LATCHKEY_* settings (under the environment). Default: LATCHKEY_CONFIG")
    Path config;

    /** The JDBC URL to use given the environment. */
    String jdbcUrl(Map<String, String> env) {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return dbUrl;
        }
        String url = env.get("LATCHKEY_DB_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        return DevFiles.sqliteUrl(dataDir);
    }

    /** Settings good enough for commands that only touch the database. */
    Settings commandSettings(Map<String, String> env) {
        return commandSettings(env, false);
    }

    /**
     * Settings for a command; with {@code needsMasterKey} it refuses to run without the real master
     * key (LATCHKEY_MASTER_KEY, or the dev key in --data-dir), because what it seals must open on
     * the server.
     */
    Settings commandSettings(Map<String, String> environment, boolean needsMasterKey) {
        Map<String, String> env = ConfigFile.under(environment, config);
        String url = jdbcUrl(env);
        if (url.equals(DevFiles.sqliteUrl(dataDir))) {
            DevFiles.ensureDir(dataDir);
        }
        byte[] masterKey = env.get("LATCHKEY_MASTER_KEY") != null
                ? Settings.decodeMasterKey(env.get("LATCHKEY_MASTER_KEY"))
                : DevFiles.masterKeyIfPresent(dataDir);
        if (masterKey == null && needsMasterKey) {
            throw new SettingsException(
                    "LATCHKEY_MASTER_KEY is required for this command (or --data-dir holding start-dev's "
                            + DevFiles.MASTER_KEY + ")");
        }
        if (masterKey == null) {
            // Commands that never touch signing keys may run without one.
            masterKey = new byte[32];
        }
        return new Settings(
                false,
                "127.0.0.1",
                0,
                dataDir,
                url,
                env.get("LATCHKEY_DB_USER"),
                env.get("LATCHKEY_DB_PASSWORD"),
                2,
                masterKey,
                env.getOrDefault("LATCHKEY_BASE_URL", "http://127.0.0.1"),
                null,
                null);
    }
}
