package io.latchkey.server;

import io.latchkey.server.config.Settings;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.frontend.FrontendLoginRoutes;
import io.latchkey.server.frontend.FrontendLoginService;
import io.latchkey.server.frontend.FrontendMfaRoutes;
import io.latchkey.server.frontend.FrontendMfaService;
import io.latchkey.server.frontend.FrontendRoutes;
import io.latchkey.server.frontend.FrontendService;
import io.latchkey.server.http.ApiServer;
import io.latchkey.server.http.ClientAddresses;
import io.latchkey.server.http.HealthRoutes;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.magiclink.MagicLinkService;
import io.latchkey.server.mail.DevMailboxMailer;
import io.latchkey.server.mail.DevMailboxRoutes;
import io.latchkey.server.mail.MailRouter;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.mail.MailStore;
import io.latchkey.server.mail.MailTemplates;
import io.latchkey.server.mail.Mailer;
import io.latchkey.server.mail.OutboxSender;
import io.latchkey.server.mail.SmtpMailer;
import io.latchkey.server.member.MemberRoutes;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.member.MemberStore;
import io.latchkey.server.ops.OperationalMetrics;
import io.latchkey.server.organization.OrganizationRoutes;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.organization.OrganizationStore;
import io.latchkey.server.password.PasswordService;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.project.ProjectStore;
import io.latchkey.server.ratelimit.ProjectRequestBudget;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.ratelimit.RateLimitStore;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.OrgPolicyService;
import io.latchkey.server.rbac.PolicyService;
import io.latchkey.server.rbac.RbacRoutes;
import io.latchkey.server.rbac.RbacStore;
import io.latchkey.server.session.JwksRoutes;
import io.latchkey.server.session.SessionJwts;
import io.latchkey.server.session.SessionRoutes;
import io.latchkey.server.session.SessionService;
import io.latchkey.server.session.SessionStore;
import io.latchkey.server.session.SigningKeyService;
import io.latchkey.server.session.SigningKeyStore;
import io.latchkey.server.sms.DevSmsSender;
import io.latchkey.server.sms.HttpSmsSender;
import io.latchkey.server.sms.SmsMailer;
import io.latchkey.server.sms.SmsSender;
import io.latchkey.server.store.Database;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object graph, built by hand in one place: settings, then the database, then stores, then
 * services, then routes. Reading this file top to bottom shows everything the server is made of.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final PrometheusMeterRegistry meters;
    private final Database db;
    private final ProjectService projects;
    private final MailService mail;
    private final OutboxSender mailSender;
    private final SigningKeyService signingKeys;
    private final SessionJwts sessionJwts;
    private final PolicyService rbacPolicies;

    private final MagicLinkService magicLinks;
    private final RateLimitService rateLimits;
    private final PasswordService passwords;
    private final ProjectRequestBudget requestBudget;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ApiServer server;
    private ApiServer management;

    private App(Settings settings, Clock clock) {
        // Settings that can be wrong are checked before anything is opened.
        MailTemplates mailTemplates = MailTemplates.load(settings.templateDir());
        Mailer smtp = settings.smtp() == null ? null : new SmtpMailer(settings.smtp(), clock);

        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(meters);
        closeables.add(gc);

        this.db = Database.open(
                settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize(), meters);
        closeables.add(db);
        SecretBox secretBox = new SecretBox(settings.masterKey());

        // Stores
        ProjectStore projectStore = new ProjectStore();
        MailStore mailStore = new MailStore();
        SigningKeyStore signingKeyStore = new SigningKeyStore();
        OrganizationStore organizationStore = new OrganizationStore();
        MemberStore memberStore = new MemberStore();
        SessionStore sessionStore = new SessionStore();

        // Mail delivery: SMTP when configured; dev mode also keeps every message for the dev
        // mailbox. SMS likewise through the SMS provider. A kind without a transport (production
        // without SMTP or without an SMS provider) waits in the outbox.
        Mailer email = settings.devMode() ? new DevMailboxMailer(smtp) : smtp;
        SmsSender sms = settings.sms() != null
                ? new HttpSmsSender(settings.sms())
                : settings.devMode() ? new DevSmsSender() : null;
        Mailer mailer = MailRouter.of(email, sms == null ? null : new SmsMailer(sms));
        boolean eraseSentBodies = !settings.devMode();
        this.mailSender = mailer == null
                ? null
                : new OutboxSender(
                        db, mailStore, secretBox, mailer, clock, meters, eraseSentBodies, settings.mailSenders());
        if (mailSender != null) {
            closeables.add(mailSender);
        }

        // Services
        this.projects = new ProjectService(db, projectStore, clock);
        // Rate limits count in the database, so every node on it shares them.
        this.rateLimits = new RateLimitService(db, new RateLimitStore(), settings.rateLimits(), clock, meters);
        this.requestBudget = new ProjectRequestBudget(rateLimits, clock);
        this.mail = new MailService(
                db, mailStore, secretBox, mailTemplates, clock, mailSender == null ? () -> {} : mailSender::wake);
        this.signingKeys = new SigningKeyService(db, signingKeyStore, projects, secretBox, clock);
        this.sessionJwts = new SessionJwts(signingKeys, clock);
        this.rbacPolicies = new PolicyService(db, new RbacStore(), clock);
        OrganizationService organizations = new OrganizationService(db, organizationStore, clock, rbacPolicies);
        MemberService members = new MemberService(db, memberStore, organizations, clock, rbacPolicies);
        SessionService sessions =
                new SessionService(db, sessionStore, organizations, members, sessionJwts, clock, rbacPolicies);
        OrgPolicyService rbac = new OrgPolicyService(db, rbacPolicies, organizations);
        MemberActions asMember = new MemberActions(sessions, organizations);
        // Deleting a member or an organization revokes its sessions in the same transaction.
        members.addDeletionListener(sessions::revokeAllOfMember);
        organizations.addDeletionListener((tx, project, organizationId) ->
                sessions.revokeAllOfOrganization(tx, project.projectId(), organizationId));
        LoginMethods logins = new LoginMethods(new LoginMethods.Foundation(
                settings,
                clock,
                db,
                secretBox,
                projects,
                organizations,
                members,
                sessions,
                mail,
                rateLimits,
                asMember,
                rbacPolicies,
                closeables,
                meters));
        this.magicLinks = logins.magicLinks;
        this.passwords = logins.passwords;

        // Routes
        List<RouteGroup> groups = new ArrayList<>();
        groups.add(new OrganizationRoutes(organizations, asMember));
        groups.add(new MemberRoutes(members, asMember));
        groups.add(new SessionRoutes(sessions, rateLimits, asMember));
        groups.add(new JwksRoutes(signingKeys));
        groups.add(new RbacRoutes(rbac));
        groups.addAll(logins.routes);
        // Stytch's frontend SDK: a thin layer over the same services, for the browser.
        FrontendService frontend =
                new FrontendService(sessions, members, asMember, magicLinks, rbacPolicies, organizations);
        LoginMethods.ForFrontend f = logins.forFrontend;
        groups.add(new FrontendRoutes(
                projects,
                frontend,
                rateLimits,
                List.of(
                        new FrontendLoginRoutes(
                                new FrontendLoginService(
                                        frontend,
                                        magicLinks,
                                        f.discovery(),
                                        f.sessionExchange(),
                                        f.emailOtps(),
                                        asMember),
                                rateLimits),
                        new FrontendMfaRoutes(
                                new FrontendMfaService(frontend, f.smsOtps(), f.totps(), f.recoveryCodes()),
                                rateLimits))));
        if (settings.devMode()) {
            groups.add(new DevMailboxRoutes(mail, settings.baseUrl()));
        }
        this.routeGroups = List.copyOf(groups);
        OperationalMetrics.register(meters, mail, signingKeys, clock);
    }

    private final List<RouteGroup> routeGroups;

    /** Opens the database and applies migrations, without serving HTTP (CLI commands). */
    public static App open(Settings settings, Clock clock) {
        App app = new App(settings, clock);
        try {
            app.db.migrate();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** Opens, migrates and starts serving HTTP. */
    public static App start(Settings settings, Clock clock) {
        App app = open(settings, clock);
        try {
            // start-dev serves the operational endpoints on its one port; start on a port of their own
            // (not reachable through the public API), or only the probes when metrics are off.
            Integer managementPort = settings.managementPort();
            List<RouteGroup> apiGroups = new ArrayList<>();
            if (managementPort == null || managementPort == Settings.MANAGEMENT_OFF) {
                apiGroups.add(new HealthRoutes(app.db, app.meters, managementPort == null));
            }
            apiGroups.addAll(app.routeGroups);
            ClientAddresses clientAddresses =
                    new ClientAddresses(settings.rateLimits().trustedProxies());
            app.server = new ApiServer(
                            settings.host(),
                            settings.port(),
                            app.projects,
                            app.meters,
                            apiGroups,
                            clientAddresses,
                            app.requestBudget)
                    .start();
            if (managementPort != null && managementPort != Settings.MANAGEMENT_OFF) {
                try {
                    app.management = new ApiServer(
                                    settings.host(),
                                    managementPort,
                                    app.projects,
                                    app.meters,
                                    List.of(new HealthRoutes(app.db, app.meters, true)),
                                    clientAddresses,
                                    app.requestBudget)
                            .start();
                } catch (java.io.UncheckedIOException e) {
                    throw new io.latchkey.server.config.SettingsException(
                            "LATCHKEY_MANAGEMENT_PORT: " + e.getCause().getMessage() + ": stop the process that"
                                    + " holds it, or choose another with --management-port / LATCHKEY_MANAGEMENT_PORT");
                }
            }
            if (app.mailSender != null) {
                app.mailSender.start();
            }
            app.passwords().prepareInBackground();
            if (!settings.devMode() && settings.smtp() == null) {
                LOG.warn("LATCHKEY_SMTP_HOST is not set: mail is kept in the outbox and not sent");
            }
            if (!settings.devMode() && settings.sms() == null) {
                LOG.warn("LATCHKEY_SMS_PROVIDER_URL is not set: SMS is kept in the outbox and not sent");
            }
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    public int port() {
        return server.port();
    }

    /** The management port (/metrics, /healthz, /readyz), or -1 when they share the API port. */
    public int managementPort() {
        return management == null ? -1 : management.port();
    }

    /** Every route the server answers ("METHOD /path"), for the compatibility table's test. */
    public List<String> routes() {
        return server.routes();
    }

    /** The database (the migrate command reports its dialect). */
    public Database database() {
        return db;
    }

    /** The projects (the project commands manage them). */
    public ProjectService projects() {
        return projects;
    }

    /**
     * This node's mail service. Only the outbox tests use it: a message queued here wakes this
     * node's sender, which is what their races between nodes need; anything else queues mail
     * through a feature's API call.
     */
    public MailService mail() {
        return mail;
    }

    /** The project signing keys: rotation, listing, JWKS (the keys command). */
    public SigningKeyService signingKeys() {
        return signingKeys;
    }

    /**
     * This node's session JWTs. Only tests use it: to mint JWTs with claims no login gives, and,
     * in the key-rotation tests, to mint and verify with the very instance whose key cache is
     * under test (one node's view of a rotation).
     */
    public SessionJwts sessionJwts() {
        return sessionJwts;
    }

    /** The project RBAC policies (the command line sets them). */
    public PolicyService rbacPolicies() {
        return rbacPolicies;
    }

    /** Member passwords (the command-line import). */
    public PasswordService passwords() {
        return passwords;
    }

    @Override
    public void close() {
        if (management != null) {
            management.close();
        }
        if (server != null) {
            server.close();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // Closing on the way out: nothing left to do with the failure.
            }
        }
    }
}
