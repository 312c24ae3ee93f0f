package io.latchkey.server.rbac;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RBAC-enforced calls: members and organizations calls made with a member's session header. */
class MemberActionsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;
    static final String ORGS = "/v1/b2b/organizations/";

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
    }

    /** A logged-in member of {@code orgId} holding {@code roles}: its login response. */
    static JsonNode member(String orgId, List<String> roles) {
        JsonNode login =
                flow.signUpAndAuthenticate(orgId, unique("u") + "@acme.test").body();
        if (!roles.isEmpty()) {
            ApiResponse r =
                    api.put(ORGS + orgId + "/members/" + login.path("member_id").asText(), json("roles", roles));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        return login;
    }

    static ApiResponse as(JsonNode login, String method, String path, Object body) {
        return api.send(
                method,
                path,
                body,
                Map.of("X-Stytch-Member-Session", login.path("session_token").asText()));
    }

    static ApiResponse asJwt(JsonNode login, String method, String path, Object body) {
        return api.send(
                method,
                path,
                body,
                Map.of("X-Stytch-Member-SessionJWT", login.path("session_jwt").asText()));
    }

    static String org() {
        return flow.organizationAllowing("acme.test").path("organization_id").asText();
    }

    @Test
    void aMemberMayChangeItselfButNotOthersOrItsOwnRoles() {
        String orgId = org();
        JsonNode ada = member(orgId, List.of());
        JsonNode bob = member(orgId, List.of());
        String adaPath = ORGS + orgId + "/members/" + ada.path("member_id").asText();
        String bobPath = ORGS + orgId + "/members/" + bob.path("member_id").asText();

        ApiResponse self = as(ada, "PUT", adaPath, json("name", "Ada"));
        assertThat(self.status()).as(self.toString()).isEqualTo(200);
        assertThat(self.body().path("member").path("name").asText()).isEqualTo("Ada");
        assertThat(asJwt(ada, "PUT", adaPath, json("untrusted_metadata", Map.of("theme", "dark")))
                        .status())
                .isEqualTo(200);

        ApiResponse other = as(ada, "PUT", bobPath, json("name", "Not Bob"));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.errorType()).isEqualTo("session_authorization_error");
        ApiResponse ownRoles = as(ada, "PUT", adaPath, json("roles", List.of("stytch_admin")));
        assertThat(ownRoles.errorType()).isEqualTo("session_authorization_error");
        assertThat(as(ada, "PUT", adaPath, json("trusted_metadata", Map.of("plan", "free")))
                        .errorType())
                .isEqualTo("session_authorization_error");
        assertThat(as(ada, "DELETE", bobPath, null).status()).isEqualTo(403);
        assertThat(as(ada, "POST", ORGS + orgId + "/members", json("email_address", unique("n") + "@acme.test"))
                        .status())
                .isEqualTo(403);
        // Nothing of those was done.
        JsonNode bobNow = api.get(ORGS + orgId + "/member?member_id="
                        + bob.path("member_id").asText())
                .body()
                .path("member");
        assertThat(bobNow.path("name").asText()).isNotEqualTo("Not Bob");
        assertThat(bobNow.path("status").asText()).isEqualTo("active");
        JsonNode adaNow = api.get(ORGS + orgId + "/member?member_id="
                        + ada.path("member_id").asText())
                .body()
                .path("member");
        assertThat(adaNow.path("is_admin").asBoolean()).isFalse();
    }

    @Test
    void anAdminMayManageMembersAndTheOrganization() {
        String orgId = org();
        JsonNode admin = member(orgId, List.of("stytch_admin"));
        JsonNode bob = member(orgId, List.of());
        String bobPath = ORGS + orgId + "/members/" + bob.path("member_id").asText();

        assertThat(as(admin, "PUT", bobPath, json("name", "Robert", "roles", List.of("stytch_admin")))
                        .status())
                .isEqualTo(200);
        ApiResponse created =
                as(admin, "POST", ORGS + orgId + "/members", json("email_address", unique("n") + "@acme.test"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        ApiResponse renamed = asJwt(admin, "PUT", ORGS + orgId, json("organization_name", "Renamed by an admin"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        ApiResponse search = as(admin, "POST", ORGS + "members/search", json("organization_ids", List.of(orgId)));
        assertThat(search.status()).as(search.toString()).isEqualTo(200);
        assertThat(as(
                                admin,
                                "DELETE",
                                ORGS + orgId + "/members/"
                                        + created.body().path("member_id").asText(),
                                null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aPlainMemberMayNotChangeDeleteOrSearchTheOrganization() {
        String orgId = org();
        JsonNode ada = member(orgId, List.of());
        assertThat(as(ada, "PUT", ORGS + orgId, json("organization_name", "Mine now"))
                        .errorType())
                .isEqualTo("session_authorization_error");
        assertThat(as(ada, "DELETE", ORGS + orgId, null).errorType()).isEqualTo("session_authorization_error");
        assertThat(as(ada, "POST", ORGS + "members/search", json("organization_ids", List.of(orgId)))
                        .errorType())
                .isEqualTo("session_authorization_error");
        assertThat(api.get(ORGS + orgId)
                        .body()
                        .path("organization")
                        .path("organization_name")
                        .asText())
                .isNotEqualTo("Mine now");
    }

    @Test
    void aCustomRoleFromThePolicyGrantsWhatItSays() {
        io.latchkey.server.testing.TestPolicies.defineRoles(server, "unused");
        var current = server.app().rbacPolicies().get(server.projectId());
        List<io.latchkey.api.rbac.PolicyRole> roles = new java.util.ArrayList<>(current.roles());
        roles.add(new io.latchkey.api.rbac.PolicyRole(
                "member_manager",
                "",
                List.of(new io.latchkey.api.rbac.PolicyPermission("stytch.member", List.of("update.info.name")))));
        server.app()
                .rbacPolicies()
                .set(server.projectId(), new io.latchkey.api.rbac.Policy(roles, current.resources(), current.scopes()));
        String orgId = org();
        JsonNode manager = member(orgId, List.of("member_manager"));
        JsonNode bob = member(orgId, List.of());
        String bobPath = ORGS + orgId + "/members/" + bob.path("member_id").asText();
        assertThat(as(manager, "PUT", bobPath, json("name", "Renamed")).status())
                .isEqualTo(200);
        assertThat(as(manager, "PUT", bobPath, json("name", "Again", "mfa_enrolled", true))
                        .errorType())
                .isEqualTo("session_authorization_error");
    }

    @Test
    void anotherOrganizationsOrProjectsSessionAuthorizesNothing() {
        String a = org();
        String b = org();
        JsonNode adminOfA = member(a, List.of("stytch_admin"));
        JsonNode memberOfB = member(b, List.of());
        String path = ORGS + b + "/members/" + memberOfB.path("member_id").asText();
        assertThat(as(adminOfA, "PUT", path, json("name", "Taken over")).errorType())
                .isEqualTo("session_authorization_tenancy_error");
        assertThat(as(adminOfA, "PUT", ORGS + b, json("organization_name", "Taken over"))
                        .errorType())
                .isEqualTo("session_authorization_tenancy_error");
        assertThat(as(adminOfA, "POST", ORGS + "members/search", json("organization_ids", List.of(a, b)))
                        .errorType())
                .isEqualTo("session_authorization_tenancy_error");

        var other = server.newProject("Other");
        ApiClient otherApi = server.clientFor(other);
        ApiResponse crossProject = otherApi.send(
                "PUT",
                "/v1/b2b/organizations/" + a,
                json("organization_name", "x"),
                Map.of("X-Stytch-Member-Session", adminOfA.path("session_token").asText()));
        assertThat(crossProject.status()).isBetween(400, 499);
        assertThat(api.get(ORGS + b)
                        .body()
                        .path("organization")
                        .path("organization_name")
                        .asText())
                .isNotEqualTo("Taken over");
    }

    @Test
    void aRevokedOrUnknownSessionAuthorizesNothingAndNoHeaderMeansTheSecretDecides() {
        String orgId = org();
        JsonNode admin = member(orgId, List.of("stytch_admin"));
        api.post(
                "/v1/b2b/sessions/revoke",
                json("session_token", admin.path("session_token").asText()));
        assertThat(as(admin, "PUT", ORGS + orgId, json("organization_name", "x"))
                        .errorType())
                .isEqualTo("session_not_found");
        assertThat(api.send(
                                "PUT",
                                ORGS + orgId,
                                json("organization_name", "x"),
                                Map.of("X-Stytch-Member-SessionJWT", "a.b.c"))
                        .status())
                .isBetween(400, 499);
        assertThat(api.put(ORGS + orgId, json("organization_name", "By the secret"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void invitesNeedTheMemberCreateAction() {
        String orgId = org();
        JsonNode ada = member(orgId, List.of());
        JsonNode admin = member(orgId, List.of("stytch_admin"));
        String invitee = unique("inv") + "@acme.test";
        ApiResponse refused = as(
                ada,
                "POST",
                "/v1/b2b/magic_links/email/invite",
                json("organization_id", orgId, "email_address", invitee));
        assertThat(refused.errorType()).as(refused.toString()).isEqualTo("session_authorization_error");
        assertThat(api.get(ORGS + orgId + "/member?email_address=" + invitee).status())
                .isEqualTo(404);
        ApiResponse invited = asJwt(
                admin,
                "POST",
                "/v1/b2b/magic_links/email/invite",
                json("organization_id", orgId, "email_address", invitee));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(200);
        String b = org();
        assertThat(as(
                                admin,
                                "POST",
                                "/v1/b2b/magic_links/email/invite",
                                json("organization_id", b, "email_address", unique("inv") + "@acme.test"))
                        .errorType())
                .isEqualTo("session_authorization_tenancy_error");
    }

    @Test
    void requiringAPasswordResetIsAllowedOnOneselfAndToAdmins() {
        String orgId = org();
        JsonNode ada = member(orgId, List.of());
        JsonNode bob = member(orgId, List.of());
        JsonNode admin = member(orgId, List.of("stytch_admin"));
        String path = "/v1/b2b/passwords/email/require_reset";
        String bobEmail = bob.path("member").path("email_address").asText();
        String adaEmail = ada.path("member").path("email_address").asText();
        assertThat(as(ada, "POST", path, json("organization_id", orgId, "email_address", bobEmail))
                        .errorType())
                .isEqualTo("session_authorization_error");
        assertThat(as(ada, "POST", path, json("email_address", adaEmail)).errorType())
                .isEqualTo("session_authorization_error");
        ApiResponse self = as(ada, "POST", path, json("organization_id", orgId, "email_address", adaEmail));
        assertThat(self.status()).as(self.toString()).isEqualTo(200);
        ApiResponse byAdmin = asJwt(
                admin,
                "POST",
                path,
                json(
                        "organization_id",
                        orgId,
                        "email_address",
                        bobEmail,
                        "member_id",
                        bob.path("member_id").asText()));
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
    }

    @Test
    void revokingAnotherMembersSessionsNeedsRevokeSessionsOnMembers() {
        String orgId = org();
        JsonNode ada = member(orgId, List.of());
        JsonNode bob = member(orgId, List.of());
        JsonNode admin = member(orgId, List.of("stytch_admin"));
        String path = "/v1/b2b/sessions/revoke";
        assertThat(as(ada, "POST", path, json("member_id", bob.path("member_id").asText()))
                        .errorType())
                .isEqualTo("session_authorization_error");
        assertThat(as(
                                ada,
                                "POST",
                                path,
                                json("session_token", bob.path("session_token").asText()))
                        .errorType())
                .isEqualTo("session_authorization_error");
        assertThat(api.post(
                                "/v1/b2b/sessions/authenticate",
                                json("session_token", bob.path("session_token").asText()))
                        .status())
                .isEqualTo(200);

        String other = org();
        JsonNode adminOfOther = member(other, List.of("stytch_admin"));
        assertThat(as(
                                adminOfOther,
                                "POST",
                                path,
                                json("member_id", bob.path("member_id").asText()))
                        .errorType())
                .isEqualTo("session_authorization_tenancy_error");

        ApiResponse byAdmin = as(
                admin,
                "POST",
                path,
                json(
                        "member_session_id",
                        bob.path("member_session").path("member_session_id").asText()));
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
        assertThat(api.post(
                                "/v1/b2b/sessions/authenticate",
                                json("session_token", bob.path("session_token").asText()))
                        .status())
                .isEqualTo(404);
        // Its own sessions a member may revoke (stytch.self).
        ApiResponse own =
                asJwt(ada, "POST", path, json("member_id", ada.path("member_id").asText()));
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
    }
}
