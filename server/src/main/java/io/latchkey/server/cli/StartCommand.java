package io.latchkey.server.cli;

import io.latchkey.server.App;
import io.latchkey.server.config.ConfigFile;
import io.latchkey.server.config.PasswordHashing;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SettingsException;
import io.latchkey.server.config.SmsSettings;
import io.latchkey.server.ops.LogConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Production mode: every setting from the environment, nothing generated, nothing guessed. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description =
                "Run in production mode. Requires LATCHKEY_DB_URL, LATCHKEY_MASTER_KEY and" + " LATCHKEY_BASE_URL.")
public final class StartCommand implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port. Default: LATCHKEY_PORT or 8080")
    Integer port;

    @Option(names = "--host", description = "Interface to bind. Default: LATCHKEY_HOST or 0.0.0.0")
    String host;

    @Option(names = "--db-url", description = "JDBC URL of the database. Default: LATCHKEY_DB_URL")
    String dbUrl;

    @Option(
            names = "--management-port",
            paramLabel = "PORT|off",
            description = "Port of /metrics, /healthz and /readyz. Default: LATCHKEY_MANAGEMENT_PORT or 9000")
    String managementPort;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file of LATCHKEY_* settings (under the environment). Default: LATCHKEY_CONFIG")
    Path config;

    @Mixin
    RateLimitOptions rateLimits = new RateLimitOptions();

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = settings(System.getenv());
        App app = App.start(settings, Clock.systemUTC());
        System.out.printf(
                "Latchkey is running on %s (port %d%s)%n",
                settings.baseUrl(),
                app.port(),
                app.managementPort() > 0 ? ", management port " + app.managementPort() : "");
        System.out.flush();
        return serveUntilStopped(app);
    }

    /** Production settings: these flags, then {@code env}. */
    Settings settings(Map<String, String> environment) {
        Map<String, String> env = ConfigFile.under(environment, config);
        Map<String, String> withFlags = env;
        if (dbUrl != null && !dbUrl.isBlank()) {
            withFlags = new java.util.HashMap<>(env);
            withFlags.put("LATCHKEY_DB_URL", dbUrl);
        }
        if (managementPort != null) {
            withFlags = new java.util.HashMap<>(withFlags);
            withFlags.put("LATCHKEY_MANAGEMENT_PORT", managementPort);
        }
        return settings(withFlags, port, host, rateLimits);
    }

    /** Production settings from the environment alone (no rate-limit flags). */
    static Settings settings(Map<String, String> env, Integer portFlag, String hostFlag) {
        return settings(env, portFlag, hostFlag, new RateLimitOptions());
    }

    /** Production settings from the environment; throws naming the first missing setting. */
    static Settings settings(
            Map<String, String> env, Integer portFlag, String hostFlag, RateLimitOptions rateLimitFlags) {
        String dbUrl = require(env, "LATCHKEY_DB_URL");
        byte[] masterKey = Settings.decodeMasterKey(require(env, "LATCHKEY_MASTER_KEY"));
        String baseUrl = require(env, "LATCHKEY_BASE_URL");
        int port = portFlag != null ? portFlag : Settings.intSetting(env, "LATCHKEY_PORT", Settings.DEFAULT_PORT);
        String host = hostFlag != null ? hostFlag : env.getOrDefault("LATCHKEY_HOST", "0.0.0.0");
        return new Settings(
                false,
                host,
                port,
                null,
                dbUrl,
                env.get("LATCHKEY_DB_USER"),
                env.get("LATCHKEY_DB_PASSWORD"),
                Settings.intSetting(env, "LATCHKEY_DB_POOL_SIZE", 16),
                masterKey,
                baseUrl,
                Settings.smtpFromEnv(env),
                templateDir(env),
                SmsSettings.fromEnv(env),
                rateLimitFlags.rateLimits(env),
                Settings.intSetting(env, "LATCHKEY_MAIL_SENDERS", Settings.DEFAULT_MAIL_SENDERS),
                PasswordHashing.fromEnv(env),
                Settings.managementPort(env, null),
                Settings.ssoAllowedPrivateNetworks(env));
    }

    static Path templateDir(Map<String, String> env) {
        String dir = env.get("LATCHKEY_TEMPLATE_DIR");
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new SettingsException("LATCHKEY_TEMPLATE_DIR is not a folder: " + dir);
        }
        return path;
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new SettingsException(name + " is required by 'latchkey start' (see README: Configuration)");
        }
        return value;
    }

    /** Blocks until the JVM is asked to stop, then closes the app cleanly. */
    static int serveUntilStopped(App app) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            // The stop's own lines included: the JVM halts when this hook ends.
                            LogConfiguration.flush();
                            stopped.countDown();
                        },
                        "latchkey-shutdown"));
        stopped.await();
        return 0;
    }
}
