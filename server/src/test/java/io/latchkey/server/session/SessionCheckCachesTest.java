package io.latchkey.server.session;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.App;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The session check serves organizations and members from per-node caches keyed by their write
 * counters, and skips signatures it has already checked: every change must still show on the very
 * next check, on this node and on any other.
 */
class SessionCheckCachesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static ApiClient otherNode;
    static LoginFlow flow;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
        App other = server.startNode(o -> o);
        otherNode = new ApiClient(TestServer.baseUrlOf(other), server.projectId(), server.secret());
    }

    private record LoggedIn(String organizationId, String memberId, String token, String jwt) {}

    private static LoggedIn login() {
        JsonNode org = flow.organizationAllowing("acme.test");
        ApiResponse r = flow.signUpAndAuthenticate(org.path("organization_id").asText(), unique("u") + "@acme.test");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new LoggedIn(
                r.text("organization_id"), r.text("member_id"), r.text("session_token"), r.text("session_jwt"));
    }

    private static JsonNode check(ApiClient node, String field, String value) {
        ApiResponse r = node.post("/v1/b2b/sessions/authenticate", json(field, value));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aMemberUpdateShowsOnTheNextCheckOnEveryNode() {
        LoggedIn s = login();
        check(api, "session_token", s.token);
        check(otherNode, "session_token", s.token);

        for (int round = 1; round <= 3; round++) {
            // Several writes in quick succession: each must show, however close together they land.
            ApiResponse updated = api.put(
                    "/v1/b2b/organizations/" + s.organizationId + "/members/" + s.memberId,
                    json("name", "Ada " + round, "trusted_metadata", json("round", round)));
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
            for (ApiClient node : new ApiClient[] {api, otherNode}) {
                JsonNode member = check(node, "session_token", s.token).path("member");
                assertThat(member.path("name").asText()).isEqualTo("Ada " + round);
                assertThat(member.path("trusted_metadata").path("round").asInt())
                        .isEqualTo(round);
            }
        }
    }

    @Test
    void anOrganizationUpdateShowsOnTheNextCheckOnEveryNode() {
        LoggedIn s = login();
        check(api, "session_jwt", s.jwt);
        check(otherNode, "session_jwt", s.jwt);

        String slug = unique("renamed");
        ApiResponse updated = otherNode.put(
                "/v1/b2b/organizations/" + s.organizationId,
                json("organization_name", "Renamed", "organization_slug", slug));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        for (ApiClient node : new ApiClient[] {api, otherNode}) {
            JsonNode body = check(node, "session_jwt", s.jwt);
            assertThat(body.path("organization").path("organization_name").asText())
                    .isEqualTo("Renamed");
            assertThat(body.path("member_session").path("organization_slug").asText())
                    .isEqualTo(slug);
        }
    }

    @Test
    void aDeletedMembersSessionFailsOnTheNextCheckOnEveryNodeByTokenAndByJwt() {
        LoggedIn s = login();
        check(api, "session_token", s.token);
        check(otherNode, "session_jwt", s.jwt);

        ApiResponse deleted = api.delete("/v1/b2b/organizations/" + s.organizationId + "/members/" + s.memberId);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);

        for (ApiClient node : new ApiClient[] {api, otherNode}) {
            assertThat(node.post("/v1/b2b/sessions/authenticate", json("session_token", s.token))
                            .errorType())
                    .isEqualTo("session_not_found");
            assertThat(node.post("/v1/b2b/sessions/authenticate", json("session_jwt", s.jwt))
                            .errorType())
                    .isEqualTo("session_not_found");
        }
    }

    @Test
    void aRevokedSessionsJwtFailsOnTheNextCheckThoughItsSignatureWasCheckedBefore() {
        LoggedIn s = login();
        check(otherNode, "session_jwt", s.jwt);
        check(otherNode, "session_jwt", s.jwt);

        ApiResponse revoked = api.post("/v1/b2b/sessions/revoke", json("session_jwt", s.jwt));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);

        assertThat(otherNode
                        .post("/v1/b2b/sessions/authenticate", json("session_jwt", s.jwt))
                        .errorType())
                .isEqualTo("session_not_found");
    }

    @Test
    void aCheckedSignatureDoesNotCarryOverToAnotherProject() {
        LoggedIn s = login();
        check(api, "session_jwt", s.jwt);
        io.latchkey.server.project.NewProject other = server.newProject(unique("other"));
        ApiResponse r = server.clientFor(other).post("/v1/b2b/sessions/authenticate", json("session_jwt", s.jwt));
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("session_not_found");
    }
}
