package io.latchkey.server.rbac;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.api.rbac.Policy;
import io.latchkey.api.rbac.PolicyPermission;
import io.latchkey.api.rbac.PolicyResource;
import io.latchkey.api.rbac.PolicyRole;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The RBAC API, role assignment and authorization checks, over HTTP. */
class RbacTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;

    /** The example's policy: a billing resource, a billing_admin role, admins may read invoices. */
    static final Policy POLICY = new Policy(
            List.of(
                    DefaultPolicy.MEMBER_DEFAULT,
                    new PolicyRole(
                            DefaultPolicy.ADMIN_ROLE,
                            "Admins",
                            List.of(
                                    new PolicyPermission("stytch.organization", List.of("*")),
                                    new PolicyPermission("stytch.member", List.of("*")),
                                    new PolicyPermission("billing", List.of("read")))),
                    new PolicyRole(
                            "billing_admin",
                            "Manages billing",
                            List.of(new PolicyPermission("billing", List.of("*"))))),
            List.of(new PolicyResource("billing", "Invoices and plans", List.of("read", "update", "cancel"))),
            List.of());

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
        server.app().rbacPolicies().set(server.projectId(), POLICY);
    }

    static List<String> ids(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    static JsonNode login(String organizationId) {
        ApiResponse r = flow.signUpAndAuthenticate(organizationId, unique("u") + "@acme.test");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body();
    }

    static JsonNode payload(String jwt) throws Exception {
        byte[] json = java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    }

    static ApiResponse setRoles(JsonNode login, List<String> roles) {
        return api.put(
                "/v1/b2b/organizations/" + login.path("organization_id").asText() + "/members/"
                        + login.path("member_id").asText(),
                json("roles", roles));
    }

    static ApiResponse check(String tokenField, String token, String organizationId, String resource, String action) {
        return api.post(
                "/v1/b2b/sessions/authenticate",
                json(
                        tokenField,
                        token,
                        "authorization_check",
                        Map.of("organization_id", organizationId, "resource_id", resource, "action", action)));
    }

    @Test
    void policyServesStytchDefaultsAndTheProjectsOwn() {
        ApiResponse r = api.get("/v1/b2b/rbac/policy");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode policy = r.body().path("policy");
        assertThat(ids(policy.path("roles"), "role_id"))
                .containsExactly("stytch_member", "stytch_admin", "billing_admin");
        assertThat(ids(policy.path("resources"), "resource_id"))
                .contains(
                        "stytch.organization", "stytch.member", "stytch.sso", "stytch.scim", "stytch.self", "billing");
        assertThat(policy.path("scopes").isArray()).isTrue();
        assertThat(r.body().path("request_id").asText()).isNotEmpty();
    }

    @Test
    void policyOfANewProjectIsStytchsDefaults() {
        ApiClient other = server.clientFor(server.newProject("Fresh"));
        JsonNode policy = other.get("/v1/b2b/rbac/policy").body().path("policy");
        assertThat(ids(policy.path("roles"), "role_id")).containsExactly("stytch_member", "stytch_admin");
        assertThat(ids(policy.path("resources"), "resource_id")).doesNotContain("billing");
        JsonNode member = policy.path("roles").get(0);
        assertThat(member.path("permissions").get(0).path("resource_id").asText())
                .isEqualTo("stytch.self");
        assertThat(member.path("permissions").get(0).path("actions").get(0).asText())
                .isEqualTo("*");
    }

    @Test
    void organizationPolicyIsSetReadAndShownAsCustomRoles() {
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String path = "/v1/b2b/rbac/organizations/" + orgId;
        assertThat(api.get(path).body().path("org_policy").path("roles").size()).isZero();

        Map<String, Object> role = Map.of(
                "role_id",
                "auditor",
                "description",
                "Reads invoices",
                "permissions",
                List.of(Map.of("resource_id", "billing", "actions", List.of("read"))));
        ApiResponse set = api.put(path, json("organization_id", orgId, "org_policy", Map.of("roles", List.of(role))));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(ids(set.body().path("org_policy").path("roles"), "role_id")).containsExactly("auditor");
        assertThat(ids(api.get(path).body().path("org_policy").path("roles"), "role_id"))
                .containsExactly("auditor");
        JsonNode org = api.get("/v1/b2b/organizations/" + orgId).body().path("organization");
        assertThat(ids(org.path("custom_roles"), "role_id")).containsExactly("auditor");
        assertThat(org.path("custom_roles")
                        .get(0)
                        .path("permissions")
                        .get(0)
                        .path("resource_id")
                        .asText())
                .isEqualTo("billing");

        // An organization update leaves its roles alone.
        api.put("/v1/b2b/organizations/" + orgId, json("organization_name", "Renamed"));
        assertThat(ids(api.get(path).body().path("org_policy").path("roles"), "role_id"))
                .containsExactly("auditor");

        ApiResponse cleared = api.put(path, json("org_policy", Map.of("roles", List.of())));
        assertThat(cleared.body().path("org_policy").path("roles").size()).isZero();
    }

    @Test
    void organizationPolicyRefusesUnknownResourcesActionsAndTakenIds() {
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String path = "/v1/b2b/rbac/organizations/" + orgId;
        ApiResponse unknownResource = api.put(
                path,
                json(
                        "org_policy",
                        Map.of(
                                "roles",
                                List.of(Map.of(
                                        "role_id",
                                        "r",
                                        "description",
                                        "",
                                        "permissions",
                                        List.of(Map.of("resource_id", "documents", "actions", List.of("read"))))))));
        assertThat(unknownResource.status()).isEqualTo(400);
        assertThat(unknownResource.errorType()).isEqualTo("invalid_role");
        assertThat(unknownResource.text("error_message")).contains("documents");
        ApiResponse unknownAction = api.put(
                path,
                json(
                        "org_policy",
                        Map.of(
                                "roles",
                                List.of(Map.of(
                                        "role_id",
                                        "r",
                                        "description",
                                        "",
                                        "permissions",
                                        List.of(Map.of("resource_id", "billing", "actions", List.of("refund"))))))));
        assertThat(unknownAction.text("error_message")).contains("refund");
        ApiResponse taken = api.put(
                path,
                json(
                        "org_policy",
                        Map.of(
                                "roles",
                                List.of(Map.of(
                                        "role_id", "billing_admin", "description", "", "permissions", List.of())))));
        assertThat(taken.errorType()).isEqualTo("invalid_role");
        ApiResponse reserved = api.put(
                path,
                json(
                        "org_policy",
                        Map.of(
                                "roles",
                                List.of(Map.of(
                                        "role_id", "stytch_owner", "description", "", "permissions", List.of())))));
        assertThat(reserved.errorType()).isEqualTo("invalid_role");
        assertThat(api.put(path, json()).status()).isEqualTo(400);
        assertThat(api.get(path).body().path("org_policy").path("roles").size()).isZero();
    }

    @Test
    void anotherProjectsOrganizationIsNotFound() {
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        ApiClient other = server.clientFor(server.newProject("Other"));
        assertThat(other.get("/v1/b2b/rbac/organizations/" + orgId).status()).isEqualTo(404);
        assertThat(other.put("/v1/b2b/rbac/organizations/" + orgId, json("org_policy", Map.of("roles", List.of())))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void membersMayHoldOnlyRolesThatExistAndShowTheirSources() {
        JsonNode org = flow.organizationAllowing(
                "acme.test",
                "rbac_email_implicit_role_assignments",
                List.of(Map.of("domain", "acme.test", "role_id", "billing_admin")));
        String orgId = org.path("organization_id").asText();
        ApiResponse unknown = api.post(
                "/v1/b2b/organizations/" + orgId + "/members",
                json("email_address", unique("a") + "@acme.test", "roles", List.of("editor")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorType()).isEqualTo("invalid_role");
        assertThat(unknown.text("error_message")).contains("editor");

        ApiResponse created = api.post(
                "/v1/b2b/organizations/" + orgId + "/members",
                json("email_address", unique("a") + "@acme.test", "roles", List.of("stytch_admin", "billing_admin")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode roles = created.body().path("member").path("roles");
        assertThat(ids(roles, "role_id")).containsExactly("stytch_member", "stytch_admin", "billing_admin");
        JsonNode billing = roles.get(2).path("sources");
        assertThat(ids(billing, "type")).containsExactly("direct_assignment", "email_assignment");
        assertThat(billing.get(1).path("details").path("email_domain").asText()).isEqualTo("acme.test");

        ApiResponse badImplicit = api.put(
                "/v1/b2b/organizations/" + orgId,
                json(
                        "rbac_email_implicit_role_assignments",
                        List.of(Map.of("domain", "acme.test", "role_id", "ghost"))));
        assertThat(badImplicit.errorType()).isEqualTo("invalid_role");
        ApiResponse badCreate = api.post(
                "/v1/b2b/organizations",
                json(
                        "organization_name",
                        "X",
                        "organization_slug",
                        unique("x"),
                        "rbac_email_implicit_role_assignments",
                        List.of(Map.of("domain", "acme.test", "role_id", "ghost"))));
        assertThat(badCreate.errorType()).isEqualTo("invalid_role");
    }

    @Test
    void anOrganizationsOwnRoleIsAssignableThereOnly() {
        String a =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String b =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        api.put(
                "/v1/b2b/rbac/organizations/" + a,
                json(
                        "org_policy",
                        Map.of(
                                "roles",
                                List.of(Map.of(
                                        "role_id",
                                        "auditor",
                                        "description",
                                        "",
                                        "permissions",
                                        List.of(Map.of("resource_id", "billing", "actions", List.of("read"))))))));
        ApiResponse inA = api.post(
                "/v1/b2b/organizations/" + a + "/members",
                json("email_address", unique("a") + "@acme.test", "roles", List.of("auditor")));
        assertThat(inA.status()).as(inA.toString()).isEqualTo(200);
        ApiResponse inB = api.post(
                "/v1/b2b/organizations/" + b + "/members",
                json("email_address", unique("a") + "@acme.test", "roles", List.of("auditor")));
        assertThat(inB.errorType()).isEqualTo("invalid_role");
    }

    @Test
    void authorizationCheckFollowsThePolicyByTokenAndByJwt() throws Exception {
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        JsonNode login = login(orgId);
        String token = login.path("session_token").asText();

        ApiResponse denied = check("session_token", token, orgId, "billing", "read");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorType()).isEqualTo("session_authorization_error");

        assertThat(setRoles(login, List.of("billing_admin")).status()).isEqualTo(200);
        ApiResponse allowed = check("session_token", token, orgId, "billing", "cancel");
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(allowed.body().path("verdict").path("authorized").asBoolean())
                .isTrue();
        assertThat(allowed.body().path("verdict").path("granting_roles").get(0).asText())
                .isEqualTo("billing_admin");
        assertThat(allowed.body().path("member_session").path("roles").toString())
                .contains("billing_admin");
        String jwt = allowed.text("session_jwt");
        JsonNode claims = payload(jwt);
        assertThat(claims.path("https://stytch.com/session").path("roles").toString())
                .contains("billing_admin");

        ApiResponse byJwt = check("session_jwt", jwt, orgId, "billing", "update");
        assertThat(byJwt.status()).as(byJwt.toString()).isEqualTo(200);
        assertThat(check("session_jwt", jwt, orgId, "stytch.member", "delete").errorType())
                .isEqualTo("session_authorization_error");
        assertThat(check("session_jwt", jwt, orgId, "stytch.self", "update.info.name")
                        .status())
                .isEqualTo(200);

        String otherOrg =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        assertThat(check("session_token", token, otherOrg, "billing", "read").errorType())
                .isEqualTo("session_authorization_tenancy_error");
    }

    @Test
    void anOrganizationRoleAuthorizesInItsOrganizationOnly() {
        String a =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        api.put(
                "/v1/b2b/rbac/organizations/" + a,
                json(
                        "org_policy",
                        Map.of(
                                "roles",
                                List.of(Map.of(
                                        "role_id",
                                        "auditor",
                                        "description",
                                        "",
                                        "permissions",
                                        List.of(Map.of("resource_id", "billing", "actions", List.of("read"))))))));
        JsonNode login = login(a);
        assertThat(setRoles(login, List.of("auditor")).status()).isEqualTo(200);
        String token = login.path("session_token").asText();
        assertThat(check("session_token", token, a, "billing", "read").status()).isEqualTo(200);
        assertThat(check("session_token", token, a, "billing", "update").status())
                .isEqualTo(403);

        // The role's definition goes with the organization: once removed there, it grants nothing.
        api.put("/v1/b2b/rbac/organizations/" + a, json("org_policy", Map.of("roles", List.of())));
        assertThat(check("session_token", token, a, "billing", "read").errorType())
                .isEqualTo("session_authorization_error");
    }
}
