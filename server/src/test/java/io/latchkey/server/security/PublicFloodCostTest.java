package io.latchkey.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.project.ProjectService;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What anyone can send without a credential must not cost a database read each: the public
 * JWKS, and wrong secrets for a well-formed project id. The clock stands still, so no budget
 * refills during a flood.
 */
class PublicFloodCostTest {
    static final int FLOOD = 200;

    @RegisterExtension
    final TestServer server = TestServer.perTest();

    ApiClient anonymous;

    @BeforeEach
    void start() {
        anonymous = new ApiClient(server.baseUrl(), null, null);
    }

    static String unknownProjectId() {
        return "project-test-" + UUID.randomUUID();
    }

    @Test
    void aJwksFloodIsAnsweredFromTheNodesKeysNotWithAReadEach() {
        String path = "/v1/b2b/sessions/jwks/" + server.projectId();
        String kid = anonymous.get(path).body().path("keys").get(0).path("kid").asText();
        long readsBefore = server.app().signingKeys().keyReads();
        for (int i = 0; i < FLOOD; i++) {
            ApiResponse r = anonymous.get(path);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.body().path("keys").get(0).path("kid").asText()).isEqualTo(kid);
        }
        assertThat(server.app().signingKeys().keyReads() - readsBefore).isLessThanOrEqualTo(20);
    }

    @Test
    void aJwksFloodOfUnknownProjectIdsIsRefusedOnceTheReadBudgetIsSpent() {
        assertThat(anonymous.get("/v1/b2b/sessions/jwks/" + server.projectId()).status())
                .isEqualTo(200);
        Set<String> answers = new HashSet<>();
        int notFound = 0;
        for (int i = 0; i < FLOOD; i++) {
            ApiResponse r = anonymous.get("/v1/b2b/sessions/jwks/" + unknownProjectId());
            answers.add(r.status() + " " + r.errorType());
            if (r.status() == 404) {
                notFound++;
            } else {
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(answers).containsExactlyInAnyOrder("404 project_not_found", "429 too_many_requests");
        assertThat(notFound).isLessThanOrEqualTo(20);
        // A project this node has served is still answered, from its copy of the keys.
        assertThat(anonymous.get("/v1/b2b/sessions/jwks/" + server.projectId()).status())
                .isEqualTo(200);
    }

    @Test
    void wrongSecretsFromOneAddressStopCostingReadsAndTheRightSecretStillWorks() {
        ProjectService projects = server.app().projects();
        assertThat(server.client()
                        .post("/v1/b2b/organizations/search", Map.of())
                        .status())
                .isEqualTo(200);
        long readsBefore = projects.credentialReads();
        for (int i = 0; i < FLOOD; i++) {
            String projectId = i % 2 == 0 ? server.projectId() : unknownProjectId();
            ApiResponse r = server.client()
                    .as(projectId, "secret-test-wrong-" + i)
                    .post("/v1/b2b/organizations/search", Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
        }
        assertThat(projects.credentialReads() - readsBefore)
                .isLessThanOrEqualTo(ProjectService.BAD_SECRETS_PER_ADDRESS)
                .isLessThan(FLOOD / 4);

        // The right secret is never refused by the count, and a new one works at once.
        assertThat(server.client()
                        .post("/v1/b2b/organizations/search", Map.of())
                        .status())
                .isEqualTo(200);
        String rotated = projects.rotateSecret(server.projectId());
        ApiResponse withNew =
                server.client().as(server.projectId(), rotated).post("/v1/b2b/organizations/search", Map.of());
        assertThat(withNew.status()).as(withNew.toString()).isEqualTo(200);
        assertThat(server.client()
                        .post("/v1/b2b/organizations/search", Map.of())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void publicTokensAreAnsweredFromMemoryAndUnknownOnesStopCostingReads() {
        ProjectService projects = server.app().projects();
        String known = "/v1/public/sso/start?public_token=" + server.publicToken();
        int knownStatus = anonymous.get(known).status();
        assertThat(knownStatus).isNotEqualTo(401);
        long readsBefore = projects.publicTokenReads();
        for (int i = 0; i < FLOOD; i++) {
            ApiResponse r = anonymous.get("/v1/public/sso/start?public_token=public-token-test-" + UUID.randomUUID());
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
            // The known token, asked between the unknown ones, is never refused and read rarely.
            assertThat(anonymous.get(known).status()).isEqualTo(knownStatus);
        }
        // The clock stands still: the known token stays fresh, so its reads are the unknown ones' budget.
        assertThat(projects.publicTokenReads() - readsBefore)
                .isLessThanOrEqualTo(ProjectService.BAD_SECRETS_PER_ADDRESS)
                .isLessThan(FLOOD / 4);

        // A deleted token stops working on this node at once.
        projects.deletePublicToken(server.projectId(), server.publicToken());
        assertThat(anonymous.get(known).status()).isEqualTo(401);
    }
}
