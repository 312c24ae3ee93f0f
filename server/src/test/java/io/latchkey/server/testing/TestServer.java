package io.latchkey.server.testing;

import io.latchkey.server.App;
import io.latchkey.server.config.PasswordHashing;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SmsSettings;
import io.latchkey.server.config.SmtpSettings;
import io.latchkey.server.core.Environment;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.RedirectUrl;
import io.latchkey.server.project.RedirectUrlType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The real server on a random port over a fresh database of this run's dialect, with one test
 * project whose redirect URLs allow {@code http://localhost:*}. Tests build it with the settings
 * they need instead of the server having test hooks.
 */
public final class TestServer implements AutoCloseable {
    public static final String REDIRECT_URL = "http://localhost:3000/authenticate";

    private final TestDatabase database;
    private final App app;
    private final MutableClock clock;
    private final NewProject project;
    private final Options options;
    private final List<App> otherNodes = new ArrayList<>();

    private TestServer(TestDatabase database, App app, MutableClock clock, NewProject project, Options options) {
        this.database = database;
        this.app = app;
        this.clock = clock;
        this.project = project;
        this.options = options;
    }

    /**
     * Settings a test may change before the server starts. The rate limits start at the production
     * defaults, so every test also shows that the defaults leave ordinary use alone.
     */
    public record Options(
            boolean devMode,
            SmtpSettings smtp,
            Path templateDir,
            byte[] masterKey,
            SmsSettings sms,
            RateLimits rateLimits,
            PasswordHashing passwordHashing) {
        public Options withDevMode(boolean value) {
            return new Options(value, smtp, templateDir, masterKey, sms, rateLimits, passwordHashing);
        }

        public Options withSmtp(SmtpSettings value) {
            return new Options(devMode, value, templateDir, masterKey, sms, rateLimits, passwordHashing);
        }

        public Options withTemplateDir(Path value) {
            return new Options(devMode, smtp, value, masterKey, sms, rateLimits, passwordHashing);
        }

        public Options withMasterKey(byte[] value) {
            return new Options(devMode, smtp, templateDir, value, sms, rateLimits, passwordHashing);
        }

        public Options withSms(SmsSettings value) {
            return new Options(devMode, smtp, templateDir, masterKey, value, rateLimits, passwordHashing);
        }

        public Options withRateLimits(RateLimits value) {
            return new Options(devMode, smtp, templateDir, masterKey, sms, value, passwordHashing);
        }

        public Options withPasswordHashing(PasswordHashing value) {
            return new Options(devMode, smtp, templateDir, masterKey, sms, rateLimits, value);
        }
    }

    public static TestServer start() {
        return start(o -> o);
    }

    public static TestServer start(UnaryOperator<Options> customize) {
        return start(customize, 0);
    }

    /**
     * A server whose LATCHKEY_BASE_URL is the URL it really listens on (a free port picked first),
     * for tests where a browser follows the URLs the server builds, e.g. an IdP's redirect back
     * to the SSO callback. Other tests use {@link #start()}, whose base URL has no port.
     */
    public static TestServer startReachable() {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return start(o -> o, port);
    }

    private static TestServer start(UnaryOperator<Options> customize, int port) {
        Options options = customize.apply(
                new Options(true, null, null, new byte[32], null, RateLimits.defaults(), PasswordHashing.defaults()));
        TestDatabase database = TestDatabase.create();
        MutableClock clock = MutableClock.startingNow();
        App app = null;
        try {
            app = App.start(settings(options, database, port), clock);
            NewProject project = app.projects().create("Test project", Environment.TEST, devRedirects());
            return new TestServer(database, app, clock, project, options);
        } catch (RuntimeException e) {
            if (app != null) {
                app.close();
            }
            database.close();
            throw e;
        }
    }

    private static Settings settings(Options o, TestDatabase database, int port) {
        return new Settings(
                o.devMode(),
                "127.0.0.1",
                port,
                database.scratchDir(),
                database.jdbcUrl(),
                null,
                null,
                4,
                o.masterKey(),
                port == 0 ? "http://127.0.0.1" : "http://127.0.0.1:" + port,
                o.smtp(),
                o.templateDir(),
                o.sms(),
                o.rateLimits(),
                Settings.DEFAULT_MAIL_SENDERS,
                o.passwordHashing());
    }

    /** What start-dev allows: any localhost port, with the example app's URL as default. */
    public static List<RedirectUrl> devRedirects() {
        List<RedirectUrl> urls = new ArrayList<>();
        for (RedirectUrlType type : RedirectUrlType.values()) {
            urls.add(new RedirectUrl("http://localhost:*", type, false));
            urls.add(new RedirectUrl("http://127.0.0.1:*", type, false));
            urls.add(new RedirectUrl(REDIRECT_URL, type, true));
        }
        return urls;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /**
     * Another server process on the same database and clock, as a second node behind a load
     * balancer would be; closed with this server. Its settings start from this server's.
     */
    public App startNode(UnaryOperator<Options> customize) {
        App node = App.start(settings(customize.apply(options), database, 0), clock);
        otherNodes.add(node);
        return node;
    }

    /** The base URL of a node started with {@link #startNode}. */
    public static String baseUrlOf(App node) {
        return "http://127.0.0.1:" + node.port();
    }

    /** The test project as the server holds it. */
    public Project project() {
        return project.project();
    }

    public String projectId() {
        return project.project().projectId();
    }

    public String secret() {
        return project.secret();
    }

    /** The test project's first public token (what browser-facing routes take). */
    public String publicToken() {
        return project.publicToken();
    }

    /** A client authenticated as the test project. */
    public ApiClient client() {
        return new ApiClient(baseUrl(), projectId(), secret());
    }

    /** Another project on the same server, for isolation tests. */
    public NewProject newProject(String name) {
        return app.projects().create(name, Environment.TEST, devRedirects());
    }

    public ApiClient clientFor(NewProject other) {
        return new ApiClient(baseUrl(), other.project().projectId(), other.secret());
    }

    public MutableClock clock() {
        return clock;
    }

    public App app() {
        return app;
    }

    public TestDatabase database() {
        return database;
    }

    /** The server's clock as a plain Clock, for code that needs one. */
    public Clock serverClock() {
        return clock;
    }

    @Override
    public void close() {
        otherNodes.forEach(App::close);
        app.close();
        database.close();
    }
}
