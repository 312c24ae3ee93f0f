package io.latchkey.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak ({@code kc.sh start-dev}, in-memory database, loopback only, free ports) from
 * the distribution the {@code keycloak} profile unpacks, configured through its admin REST API.
 * Its output goes to {@code target/keycloak.log}. Closing it stops the server and every process
 * it started.
 */
final class Keycloak implements AutoCloseable {
    // Keycloak builds itself on its first start: minutes on a busy two-core machine.
    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(10);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String url;
    private final String adminPassword;
    private final Path log;

    private Keycloak(Process process, String url, String adminPassword, Path log) {
        this.process = process;
        this.url = url;
        this.adminPassword = adminPassword;
        this.log = log;
    }

    /**
     * Starts Keycloak from {@code home} (the unpacked distribution) and waits until it answers.
     *
     * @throws IllegalStateException when it exits or does not answer in time; the message quotes
     *     the end of its log
     */
    static Keycloak start(Path home, Path log) throws IOException, InterruptedException {
        Path kc = home.resolve("bin/kc.sh");
        if (!Files.isExecutable(kc)) {
            throw new IllegalStateException("no Keycloak at " + home
                    + ": run with the keycloak profile (mvn -Pkeycloak -pl example -am verify)");
        }
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("Keycloak needs Java 21 or later; this JVM is " + Runtime.version()
                    + " (bin/java-env.sh picks Temurin 25 where it is installed)");
        }
        int port = freePort();
        String password = UUID.randomUUID().toString();
        ProcessBuilder pb = new ProcessBuilder(
                        kc.toString(),
                        "start-dev",
                        "--http-host=127.0.0.1",
                        "--http-port=" + port,
                        "--http-management-port=" + freePort(),
                        "--db=dev-mem")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        // The JVM running this test is new enough (checked above): Keycloak runs on the same one.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
        // The machine is shared: a bounded heap rather than a share of all memory.
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        Keycloak started = new Keycloak(pb.start(), "http://127.0.0.1:" + port, password, log);
        // Should the test JVM end without closing it (a killed build), Keycloak goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "keycloak-stop"));
        try {
            started.awaitReady();
            return started;
        } catch (RuntimeException | InterruptedException e) {
            started.close();
            throw e;
        }
    }

    /** The root URL, e.g. {@code http://127.0.0.1:41234}. */
    String url() {
        return url;
    }

    /** A realm's issuer URL: the root of its OIDC endpoints and its SAML IdP descriptor. */
    String realmUrl(String realm) {
        return url + "/realms/" + realm;
    }

    /** Creates a realm from its JSON representation (users, clients and all) with the admin API. */
    void createRealm(Map<String, Object> realm) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/admin/realms"))
                        .header("Authorization", "Bearer " + adminToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(realm)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused the realm: " + r.statusCode() + " " + r.body());
        }
    }

    /** Adds a client (an OIDC or SAML relying party) to a realm with the admin API. */
    void createClient(String realm, Map<String, Object> client) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + realm + "/clients"))
                        .header("Authorization", "Bearer " + adminToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused the client: " + r.statusCode() + " " + r.body());
        }
    }

    /** The realm's SAML signing certificate (PEM), from its IdP descriptor. */
    String samlSigningCertificate(String realm) throws IOException, InterruptedException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "<(?:ds:)?X509Certificate>([^<]+)</(?:ds:)?X509Certificate>")
                .matcher(samlDescriptor(realm));
        if (!m.find()) {
            throw new IllegalStateException("no certificate in the realm's SAML descriptor");
        }
        return "-----BEGIN CERTIFICATE-----\n" + m.group(1).strip() + "\n-----END CERTIFICATE-----\n";
    }

    /** A realm's IdP metadata, as the SAML descriptor endpoint serves it. */
    String samlDescriptor(String realm) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(realmUrl(realm) + "/protocol/saml/descriptor"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no SAML descriptor: " + r.statusCode());
        }
        return r.body();
    }

    private String adminToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password="
                + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new IllegalStateException("no admin token from Keycloak: " + r.statusCode() + " " + r.body());
        }
        return body.get("access_token").asText();
    }

    private void awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url + "/realms/master"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("Keycloak did not answer within " + STARTUP_LIMIT + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops Keycloak: kc.sh runs a JVM of its own, which is stopped with it. */
    @Override
    public void close() {
        // Taken before anything stops: a child whose parent is gone is no longer its descendant.
        List<ProcessHandle> all =
                new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            }
        }
    }
}
