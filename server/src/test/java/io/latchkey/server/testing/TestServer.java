package io.latchkey.server.testing;

import io.latchkey.server.App;
import io.latchkey.server.config.PasswordHashing;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SmsSettings;
import io.latchkey.server.config.SmtpSettings;
import io.latchkey.server.core.Cidr;
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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real server on a random port over a fresh database of this run's dialect, with one test
 * project whose redirect URLs allow {@code http://localhost:*}. Tests build it with the settings
 * they need instead of the server having test hooks.
 *
 * <p>A test class that shares one server between its tests registers it as an extension, which
 * starts it before the class's {@code @BeforeAll} methods and closes it (and its database) after
 * its {@code @AfterAll} methods:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer server = TestServer.perClass(o -> o.withRateLimits(LIMITS));
 * }</pre>
 *
 * A class whose every test needs a fresh server registers {@link #perTest()} on an instance field
 * instead; a single test that needs a server of its own opens one with {@link #start()} in
 * try-with-resources.
 */
public final class TestServer
        implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    public static final String REDIRECT_URL = "http://localhost:3000/authenticate";

    private final UnaryOperator<Options> customize;
    private final boolean perTest;
    // 0: a random port, and a base URL without one; see startReachable.
    private final int port;
    private TestDatabase database;
    private App app;
    private MutableClock clock;
    private NewProject project;
    private Options options;
    private final List<App> otherNodes = new ArrayList<>();
    private TestServices services;
    // The class (or test) whose extension started this server: a @Nested class sees the same
    // extension and must neither start a second server nor close this one.
    private String startedFor;

    private TestServer(UnaryOperator<Options> customize, boolean perTest) {
        this(customize, perTest, 0);
    }

    private TestServer(UnaryOperator<Options> customize, boolean perTest, int port) {
        this.customize = customize;
        this.perTest = perTest;
        this.port = port;
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
            PasswordHashing passwordHashing,
            List<Cidr> ssoAllowedPrivateNetworks) {
        public Options withDevMode(boolean value) {
            return new Options(
                    value, smtp, templateDir, masterKey, sms, rateLimits, passwordHashing, ssoAllowedPrivateNetworks);
        }

        public Options withSmtp(SmtpSettings value) {
            return new Options(
                    devMode,
                    value,
                    templateDir,
                    masterKey,
                    sms,
                    rateLimits,
                    passwordHashing,
                    ssoAllowedPrivateNetworks);
        }

        public Options withTemplateDir(Path value) {
            return new Options(
                    devMode, smtp, value, masterKey, sms, rateLimits, passwordHashing, ssoAllowedPrivateNetworks);
        }

        public Options withMasterKey(byte[] value) {
            return new Options(
                    devMode, smtp, templateDir, value, sms, rateLimits, passwordHashing, ssoAllowedPrivateNetworks);
        }

        public Options withSms(SmsSettings value) {
            return new Options(
                    devMode,
                    smtp,
                    templateDir,
                    masterKey,
                    value,
                    rateLimits,
                    passwordHashing,
                    ssoAllowedPrivateNetworks);
        }

        public Options withRateLimits(RateLimits value) {
            return new Options(
                    devMode, smtp, templateDir, masterKey, sms, value, passwordHashing, ssoAllowedPrivateNetworks);
        }

        public Options withPasswordHashing(PasswordHashing value) {
            return new Options(
                    devMode, smtp, templateDir, masterKey, sms, rateLimits, value, ssoAllowedPrivateNetworks);
        }

        public Options withSsoAllowedPrivateNetworks(List<Cidr> value) {
            return new Options(devMode, smtp, templateDir, masterKey, sms, rateLimits, passwordHashing, value);
        }
    }

    public static TestServer start() {
        return start(o -> o);
    }

    public static TestServer start(UnaryOperator<Options> customize) {
        TestServer server = new TestServer(customize, false);
        server.boot();
        return server;
    }

    /**
     * A server whose LATCHKEY_BASE_URL is the URL it really listens on (a free port picked first),
     * for tests where a browser follows the URLs the server builds, e.g. an IdP's redirect back
     * to the SSO callback. Other tests use {@link #start()}, whose base URL has no port.
     */
    public static TestServer startReachable() {
        int free;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TestServer server = new TestServer(o -> o, false, free);
        server.boot();
        return server;
    }

    /** A server shared by a test class: register it with {@code @RegisterExtension} on a static field. */
    public static TestServer perClass() {
        return perClass(o -> o);
    }

    /** {@link #perClass()} with the settings the class needs. */
    public static TestServer perClass(UnaryOperator<Options> customize) {
        return new TestServer(customize, false);
    }

    /** A fresh server for each test: register it with {@code @RegisterExtension} on an instance field. */
    public static TestServer perTest() {
        return perTest(o -> o);
    }

    /** {@link #perTest()} with the settings the class needs. */
    public static TestServer perTest(UnaryOperator<Options> customize) {
        return new TestServer(customize, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startFor(context, false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startFor(context, true);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeFor(context);
    }

    private void startFor(ExtensionContext context, boolean eachTest) {
        if (eachTest == perTest && startedFor == null) {
            boot();
            startedFor = context.getUniqueId();
        }
    }

    private void closeFor(ExtensionContext context) {
        if (context.getUniqueId().equals(startedFor)) {
            startedFor = null;
            close();
        }
    }

    private void boot() {
        Options options = customize.apply(new Options(
                true, null, null, new byte[32], null, RateLimits.defaults(), PasswordHashing.defaults(), List.of()));
        TestDatabase database = TestDatabase.create();
        MutableClock clock = MutableClock.startingNow();
        App app = null;
        try {
            app = App.start(settings(options, database, port), clock);
            NewProject project = app.projects().create("Test project", Environment.TEST, devRedirects());
            this.database = database;
            this.app = app;
            this.clock = clock;
            this.project = project;
            this.options = options;
        } catch (RuntimeException e) {
            if (app != null) {
                app.close();
            }
            database.close();
            throw e;
        }
    }

    private App running() {
        if (app == null) {
            throw new IllegalStateException(
                    "the test server is not running: register TestServer.perClass() with @RegisterExtension on a"
                            + " static field, or open one with TestServer.start()");
        }
        return app;
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
                o.passwordHashing(),
                null,
                o.ssoAllowedPrivateNetworks());
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
        return "http://127.0.0.1:" + running().port();
    }

    /**
     * Another server process on the same database and clock, as a second node behind a load
     * balancer would be; closed with this server. Its settings start from this server's.
     */
    public App startNode(UnaryOperator<Options> customize) {
        running();
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
        running();
        return project.project();
    }

    public String projectId() {
        running();
        return project.project().projectId();
    }

    public String secret() {
        running();
        return project.secret();
    }

    /** The test project's first public token (what browser-facing routes take). */
    public String publicToken() {
        running();
        return project.publicToken();
    }

    /** A client authenticated as the test project. */
    public ApiClient client() {
        return new ApiClient(baseUrl(), projectId(), secret());
    }

    /** Another project on the same server, for isolation tests. */
    public NewProject newProject(String name) {
        return running().projects().create(name, Environment.TEST, devRedirects());
    }

    public ApiClient clientFor(NewProject other) {
        return new ApiClient(baseUrl(), other.project().projectId(), other.secret());
    }

    /** The settings this server started with (the test's changes over the defaults). */
    public Options options() {
        running();
        return options;
    }

    public MutableClock clock() {
        running();
        return clock;
    }

    public App app() {
        return running();
    }

    /** The services over this server's database, for tests that call them directly; see {@link TestServices}. */
    public TestServices services() {
        running();
        if (services == null) {
            services = new TestServices(database, clock);
        }
        return services;
    }

    public TestDatabase database() {
        running();
        return database;
    }

    /** The server's clock as a plain Clock, for code that needs one. */
    public Clock serverClock() {
        running();
        return clock;
    }

    @Override
    public void close() {
        if (services != null) {
            services.close();
            services = null;
        }
        otherNodes.forEach(App::close);
        otherNodes.clear();
        if (app != null) {
            app.close();
            database.close();
            app = null;
        }
    }
}
