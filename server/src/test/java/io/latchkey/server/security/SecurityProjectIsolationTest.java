package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.security.Endpoint.Probe;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.RawRequest;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Project a's credentials aimed at project b's data, on every endpoint of the table: b's
 * organizations, members, sessions, tokens and intermediate sessions, by id, slug, external id
 * and email. Every probe is refused with a not-found style error (or, where a request names no
 * id of b's, succeeds in a's own project as if b did not exist), no answer shows anything of b,
 * and no row of b's changes. The read probes, repeated with b's own credentials, succeed: the ids
 * are real.
 */
class SecurityProjectIsolationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static SecurityWorld world;

    @BeforeAll
    static void start() {
        world = SecurityWorld.build(server);
    }

    @Test
    void everyEndpointIsProbedOrSaysWhyNot() {
        for (Endpoint e : Endpoints.all(world)) {
            assertThat(!e.probes.isEmpty() || e.noProbeReason != null)
                    .as("%s has cross-project probes or a reason for none", e)
                    .isTrue();
        }
    }

    @Test
    void anotherProjectsIdsOnEveryEndpointAreNotFoundShowNothingAndChangeNothing() {
        List<Endpoint> endpoints = Endpoints.all(world);
        Map<String, List<String>> before = DbSnapshot.everyTable(server.app().database());
        List<String> failures = new ArrayList<>();
        List<RawRequest[]> controls = new ArrayList<>();
        record Run(Endpoint endpoint, Probe probe) {}
        List<Run> runs = new ArrayList<>();
        endpoints.forEach(e -> e.probes.forEach(p -> runs.add(new Run(e, p))));
        // Probes that write in a's own project go last, so they cannot shadow b's names for the others.
        runs.sort(Comparator.comparing(r -> r.probe().writes()));
        List<String> bSecrets = world.b.secrets();
        for (Run run : runs) {
            Endpoint e = run.endpoint();
            Probe p = run.probe();
            RawRequest request = request(e, p, world.a);
            RawRequest.Answer answer = request.send(server.baseUrl());
            String label = e + " — " + p.label();
            List<String> problems = new ArrayList<>();
            if (p.errors().isEmpty()) {
                if (answer.status() != 200) {
                    problems.add("expected success in a's own project, got " + answer);
                }
            } else {
                problems.addAll(ContractErrors.problems(request, answer, bSecrets));
                String type = errorType(answer);
                if (!p.errors().contains(type)) {
                    problems.add("error_type " + type + " is not one of " + p.errors());
                }
            }
            String asked = request.target() + (request.body() == null ? "" : new String(request.body()));
            for (String value : world.b.identifiers()) {
                if (answer.body().contains(value) && !asked.contains(value)) {
                    problems.add("the answer shows b's " + value);
                }
            }
            for (String secret : bSecrets) {
                if (answer.body().contains(secret)) {
                    problems.add("the answer shows one of b's secrets");
                }
            }
            if (!problems.isEmpty()) {
                failures.add(label + ": " + problems + "\n    " + answer);
            }
            if (p.readOnly()) {
                controls.add(new RawRequest[] {request(e, p, world.b)});
            }
        }
        assertThat(failures).as("cross-project probes").isEmpty();

        Map<String, List<String>> after = DbSnapshot.everyTable(server.app().database());
        List<String> touched = new ArrayList<>();
        DbSnapshot.difference(before, after)
                .forEach((table, rows) -> rows.stream()
                        .filter(row -> world.b.ids().stream().anyMatch(row::contains))
                        .forEach(row -> touched.add(table + ": " + row)));
        assertThat(touched)
                .as("rows of project b changed by project a's requests")
                .isEmpty();

        assertThat(controls)
                .as("read probes repeated with b's own credentials")
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c[0].send(server.baseUrl()).status())
                        .as(c[0].describe())
                        .isEqualTo(200));
    }

    @Test
    void discoveryForAnAddressKnownOnlyToAnotherProjectFindsNothingOfIt() {
        // b's member's address, logging in through a's project: a has no organization for it.
        String email = world.b.member1Email();
        int linksBefore = countLinksTo(email);
        ApiResponse sent = world.a.api().post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
        assertThat(sent.status()).isEqualTo(200);
        List<String> links = new LoginFlow(server).awaitLinks(email, linksBefore + 1);
        ApiResponse found = world.a
                .api()
                .post(
                        "/v1/b2b/magic_links/discovery/authenticate",
                        json("discovery_magic_links_token", LoginFlow.tokenOf(links.get(0))));
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.body().path("discovered_organizations")).isEmpty();
        for (String value : world.b.identifiers()) {
            if (!value.equals(email)) {
                assertThat(found.rawBody()).doesNotContain(value);
            }
        }
        ApiResponse listed = world.a
                .api()
                .post(
                        "/v1/b2b/discovery/organizations",
                        json("intermediate_session_token", found.text("intermediate_session_token")));
        assertThat(listed.body().path("discovered_organizations")).isEmpty();
    }

    @Test
    void anAuthorizationCheckNamingAnotherProjectsOrganizationIsATenancyError() {
        ApiResponse r = world.a
                .api()
                .post(
                        "/v1/b2b/sessions/authenticate",
                        json(
                                "session_token", world.a.liveSessionToken(),
                                "authorization_check",
                                        Map.of(
                                                "organization_id",
                                                world.b.org1Id(),
                                                "resource_id",
                                                "stytch.member",
                                                "action",
                                                "read")));
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("session_authorization_tenancy_error");
        assertThat(r.rawBody()).doesNotContain(world.b.org1Slug());
    }

    private static int countLinksTo(String email) {
        JsonNode mail = server.client()
                .as(null, null)
                .get("/dev/mailbox/messages?to=" + HostileValues.enc(email))
                .body();
        return mail.size();
    }

    private static RawRequest request(Endpoint e, Probe p, SecurityWorld.Tenant as) {
        Map<String, String> path = new java.util.LinkedHashMap<>(e.path);
        path.putAll(p.path());
        RawRequest r = RawRequest.of(e.method, e.target(path, p.query()))
                .withHeader("Authorization", RawRequest.basic(as.projectId(), as.secret()));
        if (p.body() != null) {
            r = r.withHeader("Content-Type", "application/json").withBody(HostileCases.body(p.body()));
        }
        return r;
    }

    private static String errorType(RawRequest.Answer a) {
        try {
            return Endpoint.JSON.readTree(a.body()).path("error_type").asText();
        } catch (Exception e) {
            return "";
        }
    }
}
