package io.latchkey.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.latchkey.example.ExampleConfig.ConfigException;
import io.latchkey.example.routes.AuthenticateRoute;
import io.latchkey.example.routes.BrowserSdkRoutes;
import io.latchkey.example.routes.DashboardRoute;
import io.latchkey.example.routes.DiscoveryRoutes;
import io.latchkey.example.routes.LoginRoutes;
import io.latchkey.example.routes.LogoutRoute;
import io.latchkey.example.routes.MfaRoutes;
import io.latchkey.example.routes.OrganizationRoutes;
import io.latchkey.example.routes.PasswordRoutes;
import io.latchkey.example.routes.ProfileRoutes;
import io.latchkey.example.routes.SsoStartRoute;
import io.latchkey.example.store.AppKeys;
import io.latchkey.example.store.Database;
import io.latchkey.example.store.UserStore;
import io.latchkey.example.web.AppUrls;
import io.latchkey.example.web.AuthFilter;
import io.latchkey.example.web.CrossSiteGuard;
import io.latchkey.example.web.CsrfTokens;
import io.latchkey.example.web.ErrorHandler;
import io.latchkey.example.web.Pages;
import io.latchkey.example.web.SecurityHeaders;
import io.latchkey.example.web.SessionCookies;
import io.latchkey.sdk.B2BClient;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example application: Stytch's backend guide in Java, on the Latchkey SDK. Wires the object
 * graph by hand, in the order data flows: settings, the SDK client and the app's own database,
 * then the web layer and the routes.
 */
public final class ExampleApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleApp.class);
    private static final Logger REQUEST_LOG = LoggerFactory.getLogger("example.request");
    /** Forms are small; anything larger is refused before it is read. */
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final Javalin javalin;
    private final UserStore users;
    private final B2BClient client;
    private final AppUrls urls;

    private ExampleApp(ExampleConfig config, B2BClient client, Clock clock) {
        this.client = client;
        Database db = Database.open(config.dbPath());
        this.users = new UserStore(db, clock);
        CsrfTokens csrf = new CsrfTokens(new AppKeys(db).key("csrf"));

        AtomicReference<Javalin> bound = new AtomicReference<>();
        this.urls = new AppUrls(config.publicUrl(), () -> bound.get().port());
        Pages pages = new Pages();
        ErrorHandler errors = new ErrorHandler(pages, config.latchkeyUrl(), csrf);
        AuthFilter auth = new AuthFilter(client);
        CrossSiteGuard crossSite = new CrossSiteGuard(urls);

        this.javalin = Javalin.create(cfg -> {
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
            cfg.appData(SessionCookies.SECURE, urls.https());
            // Blocking SDK and JDBC calls park cheaply on virtual threads (Java 21+).
            cfg.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", SecurityHeaders.STATIC_CACHE_CONTROL);
            });

            cfg.routes.before(SecurityHeaders::apply);
            cfg.routes.before(crossSite::check);
            // The guide's isAuthenticated, in front of every route that needs a member.
            for (String path :
                    new String[] {"/dashboard", "/profile", "/organization", "/logout", "/browser", "/account/password"
                    }) {
                cfg.routes.before(path, auth::requireSession);
            }
            new LoginRoutes(client, pages, urls, config.latchkeyUrl(), config.publicToken() != null)
                    .register(cfg.routes);
            new SsoStartRoute(client, urls, config.publicToken()).register(cfg.routes);
            new AuthenticateRoute(client, users).register(cfg.routes);
            new PasswordRoutes(client, users, pages, urls, csrf, LoginRoutes.mailboxUrlFor(config.latchkeyUrl()))
                    .register(cfg.routes);
            new MfaRoutes(client, users, csrf, pages).register(cfg.routes);
            new DiscoveryRoutes(client, users, csrf, pages).register(cfg.routes);
            new DashboardRoute(client, users, csrf, pages).register(cfg.routes);
            new ProfileRoutes(client, users, csrf).register(cfg.routes);
            new OrganizationRoutes(client, csrf).register(cfg.routes);
            new LogoutRoute(client, csrf).register(cfg.routes);
            new BrowserSdkRoutes(pages, urls, csrf, config.latchkeyUrl(), config.publicToken()).register(cfg.routes);

            cfg.routes.exception(Exception.class, errors::handle);
            cfg.routes.error(404, "*", errors::notFound);
            cfg.requestLogger.http(ExampleApp::logRequest);
        });
        bound.set(javalin);
    }

    /** Starts the app with its own SDK client. */
    public static ExampleApp start(ExampleConfig config, Clock clock) {
        B2BClient client = B2BClient.builder(config.projectId(), config.secret())
                .baseUrl(config.latchkeyUrl())
                .clock(clock)
                .build();
        return start(config, client, clock);
    }

    /** Starts the app with the given SDK client (tests share the server's clock through it). */
    public static ExampleApp start(ExampleConfig config, B2BClient client, Clock clock) {
        ExampleApp app = new ExampleApp(config, client, clock);
        app.javalin.start();
        return app;
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(ExampleConfig.USAGE);
            return;
        }
        ExampleConfig config;
        try {
            config = ExampleConfig.from(System.getenv(), args);
        } catch (ConfigException e) {
            System.err.println("latchkey-example: " + e.getMessage());
            System.err.print(ExampleConfig.USAGE);
            System.exit(2);
            return;
        }
        ExampleApp app = start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "example-shutdown"));
        // The project id is not secret; the secret is never printed.
        LOG.info(
                "Latchkey example app: open {} (Latchkey at {}, project {}, database {})",
                app.baseUrl(),
                config.latchkeyUrl(),
                config.projectId(),
                config.dbPath().toAbsolutePath());
    }

    /** The bound port. */
    public int port() {
        return javalin.port();
    }

    /** The URL browsers reach the app at, e.g. {@code http://localhost:3000}. */
    public String baseUrl() {
        return urls.base();
    }

    /** The app's own users table (tests read it). */
    public UserStore users() {
        return users;
    }

    public B2BClient client() {
        return client;
    }

    @Override
    public void close() {
        javalin.stop();
    }

    private static void logRequest(Context ctx, Float ms) {
        // The path only: /authenticate and /discovery carry link tokens in their query strings.
        REQUEST_LOG.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", ms));
    }
}
