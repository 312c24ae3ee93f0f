package io.latchkey.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.latchkey.server.testing.SamlIdp;
import io.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * The servers a Node suite run talks to, and what the suite needs that no SDK call can do, served
 * over HTTP on 127.0.0.1 (the Node tests read its URL from {@code LATCHKEY_HARNESS_URL}):
 *
 * <ul>
 *   <li>{@code GET /mail?to=<email>}: the mail a production-mode server delivered over SMTP, in
 *       the dev mailbox's JSON shape ({@code [{to, subject, text}]}, newest first);
 *   <li>{@code POST /servers}: a server of the test's own ({@code {id, base_url, project_id,
 *       secret, mail_url}}), started like the run's server, for tests that move its clock or
 *       rotate its signing key, which would disturb tests running in parallel on a shared one;
 *   <li>{@code POST /servers/<id>/clock?advance_seconds=<n>}: moves that server's clock;
 *   <li>{@code POST /servers/<id>/signing-key/rotate}: rotates its project's signing key
 *       ({@code {kid}} of the new key);
 *   <li>{@code POST /idp/login?email=<email>}: the in-process OIDC identity provider will sign in
 *       that (verified) email next; answers its endpoints ({@code {issuer, authorization_url,
 *       token_url, jwks_url}}) for an SSO connection's configuration;
 *   <li>{@code GET /saml/idp}: the in-process SAML identity provider's settings for a SAML
 *       connection ({@code {idp_entity_id, idp_sso_url, x509_certificate}});
 *   <li>{@code GET /saml/metadata}: that IdP's metadata document, for {@code sso.saml.updateByURL};
 *   <li>{@code POST /saml/respond?email=<email>&acs_url=<url>&redirect=<url>}: that IdP's signed
 *       response logging {@code email} in, answering the AuthnRequest in {@code redirect} (where
 *       the server sent the browser), as {@code {saml_response}} for the ACS form.
 * </ul>
 *
 * <p>Every server's clock follows the real clock (the SDKs check JWT times against it), plus
 * whatever a test advanced it by. Thread-safe.
 */
final class NodeHarness implements AutoCloseable {
    private static final Duration TICK = Duration.ofMillis(50);

    private final UnaryOperator<TestServer.Options> serverOptions;
    private final SmtpServer smtp;
    private final HttpServer http;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService ticker;
    private final Map<String, TestServer> ownServers = new ConcurrentHashMap<>();
    private final Map<TestServer, Duration> clockOffsets = new ConcurrentHashMap<>();
    private final List<TestServer> started = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final MockOAuth2Server idp = new MockOAuth2Server();
    private final SamlIdp samlIdp = SamlIdp.create();
    private static final String IDP_ISSUER = "node-conformance";

    /**
     * @param serverOptions how every server of the run is started
     * @param smtp where production-mode servers deliver mail; null for dev-mode servers, whose
     *     tests read each server's own dev mailbox
     */
    NodeHarness(UnaryOperator<TestServer.Options> serverOptions, SmtpServer smtp) {
        this.serverOptions = serverOptions;
        this.smtp = smtp;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/mail", this::mail);
        http.createContext("/servers", this::servers);
        http.createContext("/idp/login", this::idpLogin);
        http.createContext("/saml/idp", this::samlIdp);
        http.createContext("/saml/metadata", this::samlMetadata);
        http.createContext("/saml/respond", this::samlRespond);
        idp.start();
        http.setExecutor(Executors.newCachedThreadPool(daemon("node-harness")));
        http.start();
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("node-harness-clock"));
        ticker.scheduleAtFixedRate(this::followTheRealClock, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The run's shared server, started with the run's options, its project given the suites' RBAC policy. */
    TestServer startServer() {
        TestServer server = ConformancePolicy.apply(TestServer.start(serverOptions));
        synchronized (this) {
            started.add(server);
            clockOffsets.put(server, Duration.ZERO);
            server.clock().set(Instant.now());
        }
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Where the Node tests read the mail of {@code server}. */
    String mailUrl(TestServer server) {
        return smtp == null ? server.baseUrl() + "/dev/mailbox/messages" : url() + "/mail";
    }

    private synchronized void followTheRealClock() {
        clockOffsets.forEach(
                (server, offset) -> server.clock().set(Instant.now().plus(offset)));
    }

    private synchronized Instant advance(TestServer server, Duration by) {
        Duration offset = clockOffsets.merge(server, by, Duration::plus);
        server.clock().set(Instant.now().plus(offset));
        return server.clock().instant();
    }

    private void mail(HttpExchange exchange) throws IOException {
        if (smtp == null) {
            respond(exchange, 404, Map.of("error", "dev-mode servers keep their mail in their dev mailbox"));
            return;
        }
        String to = queryParam(exchange, "to");
        List<Map<String, String>> messages = new ArrayList<>();
        for (Mailbox.Message m : to == null ? List.<Mailbox.Message>of() : smtp.messagesTo(to)) {
            messages.add(Map.of("to", m.to(), "subject", m.subject(), "text", m.text()));
        }
        respond(exchange, 200, messages);
    }

    private void samlIdp(HttpExchange exchange) throws IOException {
        respond(
                exchange,
                200,
                Map.of(
                        "idp_entity_id",
                        samlIdp.entityId,
                        "idp_sso_url",
                        samlIdp.ssoUrl,
                        "x509_certificate",
                        samlIdp.certificatePem()));
    }

    private void samlMetadata(HttpExchange exchange) throws IOException {
        byte[] body = samlIdp.metadataXml().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void samlRespond(HttpExchange exchange) throws IOException {
        String email = queryParam(exchange, "email");
        String acs = queryParam(exchange, "acs_url");
        String redirect = queryParam(exchange, "redirect");
        if (!"POST".equals(exchange.getRequestMethod()) || email == null || acs == null || redirect == null) {
            respond(exchange, 400, Map.of("error", "POST /saml/respond?email=<email>&acs_url=<url>&redirect=<url>"));
            return;
        }
        String response;
        synchronized (samlIdp) {
            try {
                org.w3c.dom.Document d = samlIdp.document(
                        samlIdp.spec(acs, SamlIdp.request(redirect).id(), email));
                samlIdp.signAssertion(d);
                response = SamlIdp.encode(d);
            } catch (Exception e) {
                respond(exchange, 400, Map.of("error", "the redirect carries no AuthnRequest"));
                return;
            }
        }
        respond(exchange, 200, Map.of("saml_response", response));
    }

    private void idpLogin(HttpExchange exchange) throws IOException {
        String email = queryParam(exchange, "email");
        if (!"POST".equals(exchange.getRequestMethod()) || email == null) {
            respond(exchange, 400, Map.of("error", "POST /idp/login?email=<email>"));
            return;
        }
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(
                IDP_ISSUER,
                "subject-" + email,
                "JWT",
                null,
                Map.of("email", email, "email_verified", true, "name", "Ada Lovelace"),
                3600));
        Map<String, String> body = new LinkedHashMap<>();
        body.put("issuer", idp.issuerUrl(IDP_ISSUER).toString());
        body.put("authorization_url", idp.authorizationEndpointUrl(IDP_ISSUER).toString());
        body.put("token_url", idp.tokenEndpointUrl(IDP_ISSUER).toString());
        body.put("jwks_url", idp.jwksUrl(IDP_ISSUER).toString());
        respond(exchange, 200, body);
    }

    private void servers(HttpExchange exchange) throws IOException {
        try {
            String[] path =
                    exchange.getRequestURI().getPath().replaceAll("/+$", "").split("/");
            // path: "", "servers"[, id, action...]
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, Map.of("error", "POST only"));
            } else if (path.length == 2) {
                respond(exchange, 200, newServer());
            } else if (path.length == 4 && path[3].equals("clock") && ownServers.containsKey(path[2])) {
                long seconds = Long.parseLong(queryParam(exchange, "advance_seconds"));
                Instant now = advance(ownServers.get(path[2]), Duration.ofSeconds(seconds));
                respond(exchange, 200, Map.of("now", now.toString()));
            } else if (path.length == 5
                    && path[3].equals("signing-key")
                    && path[4].equals("rotate")
                    && ownServers.containsKey(path[2])) {
                TestServer server = ownServers.get(path[2]);
                respond(
                        exchange,
                        200,
                        Map.of(
                                "kid",
                                server.app()
                                        .signingKeys()
                                        .rotate(server.projectId())
                                        .kid()));
            } else {
                respond(exchange, 404, Map.of("error", "no such harness route"));
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, Map.of("error", String.valueOf(e)));
        }
    }

    private Map<String, String> newServer() {
        TestServer server = startServer();
        String id = Integer.toString(ids.incrementAndGet());
        ownServers.put(id, server);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("base_url", server.baseUrl());
        body.put("project_id", server.projectId());
        body.put("secret", server.secret());
        body.put("mail_url", mailUrl(server));
        return body;
    }

    private static String queryParam(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        http.stop(0);
        ticker.shutdownNow();
        idp.shutdown();
        List<TestServer> toClose;
        synchronized (this) {
            clockOffsets.clear();
            toClose = new ArrayList<>(started);
            started.clear();
        }
        RuntimeException failure = null;
        for (TestServer server : toClose) {
            try {
                server.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
