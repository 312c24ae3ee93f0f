package io.latchkey.server.cli;

import io.latchkey.server.App;
import io.latchkey.server.config.CaFile;
import io.latchkey.server.config.ConfigFile;
import io.latchkey.server.config.PasswordHashing;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SmsSettings;
import io.latchkey.server.store.SqliteLibrary;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The embedded default: SQLite in the data folder, a dev project, mail captured locally. */
@Command(
        name = "start-dev",
        mixinStandardHelpOptions = true,
        description = "Run on the embedded default: SQLite in --data-dir, 127.0.0.1, dev mailbox.")
public final class StartDevCommand implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port. Default: LATCHKEY_PORT or 8080")
    Integer port;

    @Option(names = "--host", description = "Interface to bind. Default: LATCHKEY_HOST or 127.0.0.1")
    String host;

    @Option(names = "--data-dir", description = "Data folder. Default: ./data", defaultValue = "data")
    Path dataDir;

    @Option(
            names = "--db-url",
            description = "JDBC URL of the database. Default: LATCHKEY_DB_URL or SQLite in --data-dir")
    String dbUrl;

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
        if (settings.dbUrl().startsWith("jdbc:sqlite:")) {
            SqliteLibrary.useCopyIn(dataDir.resolve("native"));
        }
        App app = App.start(settings, Clock.systemUTC());
        DevProject.Credentials project = DevProject.ensure(app.projects(), dataDir);
        String base =
                "http://" + (settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host()) + ":" + app.port();
        System.out.printf(
                "%nLatchkey is running in development mode on %s%n"
                        + "  data folder:  %s%n"
                        + "  project_id:   %s%n"
                        + "  secret:       %s%n"
                        + "  public_token: %s%n"
                        + "  dev mailbox:  %s/dev/mailbox%n"
                        + "  try:          curl -u '%s:%s' -X POST %s/v1/b2b/organizations "
                        + "-H 'Content-Type: application/json' -d '{\"organization_name\":\"Acme\"}'%n%n",
                base,
                dataDir.toAbsolutePath(),
                project.projectId(),
                project.secret(),
                project.publicToken(),
                base,
                project.projectId(),
                project.secret(),
                base);
        System.out.flush();
        return StartCommand.serveUntilStopped(app);
    }

    /** Development settings: these flags, then {@code env}, then the embedded defaults. */
    Settings settings(Map<String, String> environment) {
        Map<String, String> env = ConfigFile.under(environment, config);
        DevFiles.ensureDir(dataDir);
        int port = this.port != null ? this.port : Settings.intSetting(env, "LATCHKEY_PORT", Settings.DEFAULT_PORT);
        String host = this.host != null ? this.host : env.getOrDefault("LATCHKEY_HOST", "127.0.0.1");
        String url = dbUrl != null && !dbUrl.isBlank()
                ? dbUrl
                : env.get("LATCHKEY_DB_URL") != null
                                && !env.get("LATCHKEY_DB_URL").isBlank()
                        ? env.get("LATCHKEY_DB_URL")
                        : DevFiles.sqliteUrl(dataDir);
        return new Settings(
                true,
                host,
                port,
                dataDir,
                url,
                env.get("LATCHKEY_DB_USER"),
                env.get("LATCHKEY_DB_PASSWORD"),
                Settings.intSetting(env, "LATCHKEY_DB_POOL_SIZE", 8),
                DevFiles.masterKey(dataDir),
                env.getOrDefault("LATCHKEY_BASE_URL", "http://127.0.0.1:" + port),
                Settings.smtpFromEnv(env),
                StartCommand.templateDir(env),
                SmsSettings.fromEnv(env),
                rateLimits.rateLimits(env),
                Settings.intSetting(env, "LATCHKEY_MAIL_SENDERS", Settings.DEFAULT_MAIL_SENDERS),
                PasswordHashing.fromEnv(env),
                null,
                List.of(),
                CaFile.fromEnv(env));
    }
}
