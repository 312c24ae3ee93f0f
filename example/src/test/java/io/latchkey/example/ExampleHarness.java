package io.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.api.organization.Organization;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.request.CreateOrganizationBuilder;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The real Latchkey server (dev mode, fresh SQLite database, random port) and the example app
 * in front of it, on its own fresh database, sharing the server's test clock.
 */
final class ExampleHarness implements AutoCloseable {
    final TestServer server;
    final B2BClient sdk;
    final ExampleApp app;
    final LoginFlow mail;
    private final Path dataDir;
    /** The cookies of the client that last asked for a link: its links work only with them. */
    private volatile Map<String, String> linkCookies = Map.of();

    private ExampleHarness(TestServer server, B2BClient sdk, ExampleApp app, Path dataDir) {
        this.server = server;
        this.sdk = sdk;
        this.app = app;
        this.mail = new LoginFlow(server);
        this.dataDir = dataDir;
    }

    static ExampleHarness start() {
        return start(TestServer.start());
    }

    /**
     * As {@link #start()}, with a server whose base URL is where it really listens: for logins
     * where a browser follows the URLs the server builds (an identity provider's redirect back to
     * the SSO callback).
     */
    static ExampleHarness startReachable() {
        return start(TestServer.startReachable());
    }

    private static ExampleHarness start(TestServer server) {
        try {
            // The app's RBAC policy, as run.sh sets it with `latchkey rbac policy set`.
            com.fasterxml.jackson.databind.JsonNode file = io.latchkey.server.core.Json.mapper()
                    .readTree(java.nio.file.Path.of("rbac-policy.json").toFile());
            server.app()
                    .rbacPolicies()
                    .set(
                            server.projectId(),
                            io.latchkey.server.core.Json.mapper()
                                    .treeToValue(file.path("policy"), io.latchkey.api.rbac.Policy.class));
            Path dir = Files.createTempDirectory("latchkey-example-test-");
            B2BClient sdk = B2BClient.builder(server.projectId(), server.secret())
                    .baseUrl(server.baseUrl())
                    .clock(server.clock())
                    .build();
            ExampleConfig config = ExampleConfig.forTest(
                            server.projectId(), server.secret(), server.baseUrl(), dir.resolve("example.db"))
                    .withPublicToken(server.publicToken());
            ExampleApp app = ExampleApp.start(config, sdk, server.clock());
            return new ExampleHarness(server, sdk, app, dir);
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Another instance of the app in front of the same server (own database, the server's clock),
     * with its own secret, Latchkey URL and public URL (null for the default); close it after use.
     */
    ExampleApp otherApp(String secret, String latchkeyUrl, String publicUrl) throws IOException {
        Path db = Files.createTempDirectory(dataDir, "other-").resolve("example.db");
        return ExampleApp.start(
                new ExampleConfig(server.projectId(), secret, latchkeyUrl, "127.0.0.1", 0, db, publicUrl, null),
                server.clock());
    }

    /** The app's URL as emailed links and browsers reach it. */
    String url(String path) {
        return app.baseUrl() + path;
    }

    /** An organization whose email sign-up (JIT) is open to {@code domain}. */
    Organization organization(String domain, UnaryOperator<CreateOrganizationBuilder> extra) {
        CreateOrganizationBuilder b = Requests.createOrganization("Org " + LoginFlow.unique("n"))
                .organizationSlug(LoginFlow.unique("org"))
                .emailAllowedDomains(domain)
                .emailJitProvisioning("RESTRICTED")
                .emailInvites("ALL_ALLOWED");
        return sdk.organizations().create(extra.apply(b).build()).organization();
    }

    Organization organization(String domain) {
        return organization(domain, b -> b);
    }

    static String email(String domain) {
        return LoginFlow.unique("user") + "@" + domain;
    }

    /** Asks the app for a link, as the login form does, and returns the emailed link. */
    String requestLink(Organization org, String email) {
        Http.Response sent = Http.postForm(
                url("/login-or-signup"), Map.of("email", email, "organization_slug", org.organizationSlug()), Map.of());
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        linkCookies = sent.cookies();
        return mail.awaitLink(email);
    }

    /** The cookies that bind the last {@link #requestLink} to the client that asked (PKCE). */
    Map<String, String> linkCookies() {
        return linkCookies;
    }

    /** A complete login through the app; returns the cookies it set. */
    Map<String, String> logIn(Organization org, String email) {
        String link = requestLink(org, email);
        Http.Response r = Http.get(link, linkCookies());
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        return r.cookies();
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            server.close();
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
