package io.latchkey.server.member;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.TestServer;
import io.latchkey.server.testing.TestServices;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MembersApiTest {
    static final String ORGS = "/v1/b2b/organizations";
    static final List<String> REQUIRED_STRINGS = List.of(
            "organization_id",
            "member_id",
            "email_address",
            "status",
            "name",
            "member_password_id",
            "totp_registration_id",
            "mfa_phone_number",
            "default_mfa_method");
    static final List<String> REQUIRED_BOOLEANS = List.of(
            "is_breakglass",
            "email_address_verified",
            "mfa_phone_number_verified",
            "is_admin",
            "is_locked",
            "mfa_enrolled");
    static final List<String> REQUIRED_LISTS =
            List.of("sso_registrations", "oauth_registrations", "retired_email_addresses", "roles");

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    String orgId;

    @BeforeAll
    static void start() {
        // The role ids these tests assign exist in the project policy.
        io.latchkey.server.testing.TestPolicies.defineRoles(server, "editor", "auditor");
        api = server.client();
    }

    @BeforeEach
    void newOrganization() {
        orgId = api.post(ORGS, json("organization_name", "Members Inc"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
    }

    String members() {
        return ORGS + "/" + orgId + "/members";
    }

    JsonNode create(Map<String, Object> body) {
        ApiResponse r = api.post(members(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("member");
    }

    ApiResponse getByEmail(String email) {
        return api.get(
                ORGS + "/" + orgId + "/member?email_address=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
    }

    static String email() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void createAnswersTheMemberWithEveryRequiredFieldAndItsOrganization() {
        String email = email();
        ApiResponse r = api.post(members(), json("email_address", email));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode member = r.body().path("member");
        REQUIRED_STRINGS.forEach(
                f -> assertThat(member.path(f).isTextual()).as(f).isTrue());
        REQUIRED_BOOLEANS.forEach(
                f -> assertThat(member.path(f).isBoolean()).as(f).isTrue());
        REQUIRED_LISTS.forEach(f -> assertThat(member.path(f).isArray()).as(f).isTrue());
        assertThat(r.text("member_id"))
                .isEqualTo(member.path("member_id").asText())
                .matches("member-test-[0-9a-f-]{36}");
        assertThat(r.body().path("organization").path("organization_id").asText())
                .isEqualTo(orgId);
        assertThat(member.path("email_address").asText()).isEqualTo(email);
        assertThat(member.path("status").asText()).isEqualTo("active");
        assertThat(member.path("email_address_verified").asBoolean()).isFalse();
        assertThat(member.path("is_admin").asBoolean()).isFalse();
        assertThat(member.path("mfa_phone_number").asText()).isEmpty();
        assertThat(member.path("roles").get(0).path("role_id").asText()).isEqualTo("stytch_member");
        assertThat(member.path("roles")
                        .get(0)
                        .path("sources")
                        .get(0)
                        .path("type")
                        .asText())
                .isEqualTo("direct_assignment");
        assertThat(member.path("created_at").asText()).endsWith("Z");
    }

    @Test
    void createRoundTripsEveryFieldThroughGet() {
        JsonNode created = create(json(
                "email_address",
                "  Mixed.Case@Example.COM ",
                "name",
                "Ada Lovelace",
                "trusted_metadata",
                json("level", 3),
                "untrusted_metadata",
                json("theme", "dark"),
                "create_member_as_pending",
                true,
                "is_breakglass",
                true,
                "mfa_phone_number",
                "+1 (415) 555-2671",
                "mfa_enrolled",
                true,
                "roles",
                List.of("stytch_admin", "editor", "editor"),
                "external_id",
                "ext|ada.1"));
        JsonNode got = api.get(ORGS + "/" + orgId + "/member?member_id="
                        + created.path("member_id").asText())
                .body()
                .path("member");
        assertThat(got).isEqualTo(created);
        assertThat(got.path("email_address").asText()).isEqualTo("Mixed.Case@example.com");
        assertThat(got.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(got.path("trusted_metadata").path("level").asInt()).isEqualTo(3);
        assertThat(got.path("untrusted_metadata").path("theme").asText()).isEqualTo("dark");
        assertThat(got.path("status").asText()).isEqualTo("pending");
        assertThat(got.path("is_breakglass").asBoolean()).isTrue();
        assertThat(got.path("mfa_phone_number").asText()).isEqualTo("+14155552671");
        assertThat(got.path("mfa_enrolled").asBoolean()).isTrue();
        assertThat(roleIds(got)).containsExactly("stytch_member", "stytch_admin", "editor");
        assertThat(got.path("is_admin").asBoolean()).isTrue();
        assertThat(got.path("external_id").asText()).isEqualTo("ext|ada.1");
    }

    @Test
    void aMemberIsFoundByIdExternalIdAndEmailInAnyCase() {
        String email = email();
        JsonNode m = create(json("email_address", email, "external_id", "ext-find"));
        String id = m.path("member_id").asText();
        for (String query : List.of("member_id=" + id, "member_id=ext-find", "email_address=" + email.toUpperCase())) {
            ApiResponse r = api.get(ORGS + "/" + orgId + "/member?" + query);
            assertThat(r.status()).as(query + " " + r).isEqualTo(200);
            assertThat(r.text("member_id")).isEqualTo(id);
        }
        assertThat(api.put(members() + "/ext-find", json("name", "By external id"))
                        .body()
                        .path("member")
                        .path("name")
                        .asText())
                .isEqualTo("By external id");
    }

    @Test
    void anEmailAlreadyInTheOrganizationIsRefusedEvenInAnotherCase() {
        String email = email();
        create(json("email_address", email));
        Map<String, List<String>> before = DbSnapshot.organizationsAndMembers(server);
        assertError(api.post(members(), json("email_address", email)), 400, "duplicate_member_email");
        assertError(api.post(members(), json("email_address", email.toUpperCase())), 400, "duplicate_member_email");
        assertThat(DbSnapshot.organizationsAndMembers(server)).isEqualTo(before);
        // The same address may be a member of another organization.
        String other = api.post(ORGS, json("organization_name", "Other"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        assertThat(api.post(ORGS + "/" + other + "/members", json("email_address", email))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void deleteIsSoftAndFreesTheEmailForANewMember() {
        String email = email();
        String id = create(json("email_address", email, "external_id", "ext-del"))
                .path("member_id")
                .asText();
        ApiResponse deleted = api.delete(members() + "/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.text("member_id")).isEqualTo(id);
        assertError(api.get(ORGS + "/" + orgId + "/member?member_id=" + id), 404, "member_not_found");
        assertError(api.delete(members() + "/" + id), 404, "member_not_found");
        assertError(getByEmail(email), 404, "member_not_found");
        ApiResponse dangerous = api.get(ORGS + "/members/dangerously_get/" + id + "?include_deleted=true");
        assertThat(dangerous.body().path("member").path("status").asText()).isEqualTo("deleted");
        assertError(api.get(ORGS + "/members/dangerously_get/" + id), 404, "member_not_found");
        JsonNode again = create(json("email_address", email, "external_id", "ext-del"));
        assertThat(again.path("member_id").asText()).isNotEqualTo(id);
    }

    @Test
    void dangerouslyGetFindsAnyMemberOfTheProjectWithItsOrganization() {
        String id = create(json("email_address", email())).path("member_id").asText();
        ApiResponse r = api.get(ORGS + "/members/dangerously_get/" + id + "?include_deleted=false");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("organization").path("organization_id").asText())
                .isEqualTo(orgId);
        assertError(
                api.get(ORGS + "/members/dangerously_get/" + id + "?include_deleted=maybe"), 400, "invalid_field_type");
    }

    @Test
    void updateChangesOnlyGivenFieldsAndAnEmptyRolesListKeepsTheRoles() {
        JsonNode m = create(json(
                "email_address",
                email(),
                "name",
                "Before",
                "roles",
                List.of("editor"),
                "trusted_metadata",
                json("a", 1)));
        String path = members() + "/" + m.path("member_id").asText();
        // What the Java SDK's short constructor sends for an update of the name only.
        JsonNode renamed = api.put(
                        path,
                        json(
                                "name",
                                "After",
                                "trusted_metadata",
                                Map.of(),
                                "untrusted_metadata",
                                Map.of(),
                                "roles",
                                List.of()))
                .body()
                .path("member");
        assertThat(renamed.path("name").asText()).isEqualTo("After");
        assertThat(roleIds(renamed)).containsExactly("stytch_member", "editor");
        assertThat(renamed.path("trusted_metadata").path("a").asInt()).isEqualTo(1);
        JsonNode unchanged = api.put(path, json("roles", null)).body().path("member");
        assertThat(roleIds(unchanged)).containsExactly("stytch_member", "editor");
        assertThat(unchanged.path("name").asText()).isEqualTo("After");
        JsonNode replaced = api.put(
                        path,
                        json(
                                "roles",
                                List.of("stytch_admin"),
                                "is_breakglass",
                                true,
                                "mfa_enrolled",
                                true,
                                "default_mfa_method",
                                "totp",
                                "untrusted_metadata",
                                json("x", "y")))
                .body()
                .path("member");
        assertThat(roleIds(replaced)).containsExactly("stytch_member", "stytch_admin");
        assertThat(replaced.path("is_admin").asBoolean()).isTrue();
        assertThat(replaced.path("is_breakglass").asBoolean()).isTrue();
        assertThat(replaced.path("default_mfa_method").asText()).isEqualTo("totp");
        assertThat(api.get(ORGS + "/" + orgId + "/member?member_id="
                                + m.path("member_id").asText())
                        .body()
                        .path("member"))
                .isEqualTo(replaced);
    }

    @Test
    void theJavaSdksRepeatedPathIdsAreIgnored() {
        JsonNode m = create(json("email_address", email()));
        String id = m.path("member_id").asText();
        ApiResponse r = api.put(
                members() + "/" + id,
                json(
                        "organization_id",
                        "organization-test-00000000-0000-4000-8000-000000000000",
                        "member_id",
                        "member-test-00000000-0000-4000-8000-000000000000",
                        "name",
                        "Path wins"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("member_id")).isEqualTo(id);
        ApiResponse created = api.post(members(), json("organization_id", "elsewhere", "email_address", email()));
        assertThat(created.body().path("member").path("organization_id").asText())
                .isEqualTo(orgId);
        ApiResponse got = api.get(ORGS + "/" + orgId + "/member?organization_id=other&member_id=" + id);
        assertThat(got.status()).isEqualTo(200);
    }

    @Test
    void updateWithOnlyStytchMemberRemovesTheExplicitRolesButNotTheImpliedOnes() {
        api.put(
                ORGS + "/" + orgId,
                json(
                        "rbac_email_implicit_role_assignments",
                        List.of(json("domain", "implied.example", "role_id", "auditor"))));
        JsonNode m =
                create(json("email_address", "someone@implied.example", "roles", List.of("stytch_admin", "editor")));
        String path = members() + "/" + m.path("member_id").asText();
        JsonNode cleared =
                api.put(path, json("roles", List.of("stytch_member"))).body().path("member");
        assertThat(roleIds(cleared)).containsExactly("stytch_member", "auditor");
        assertThat(cleared.path("is_admin").asBoolean()).isFalse();
        assertThat(api.get(ORGS + "/" + orgId + "/member?member_id="
                                + m.path("member_id").asText())
                        .body()
                        .path("member"))
                .isEqualTo(cleared);
        assertError(
                api.put(path, json("roles", List.of("stytch_member", "editor"))),
                400,
                "cannot_assign_default_rbac_role_id");
    }

    @Test
    void rolesFromTheOrganizationsEmailDomainAssignmentsAreShownWithTheirSource() {
        api.put(
                ORGS + "/" + orgId,
                json(
                        "rbac_email_implicit_role_assignments",
                        List.of(json("domain", "implicit.example", "role_id", "stytch_admin"))));
        JsonNode m = create(json("email_address", "boss@implicit.example"));
        JsonNode admin = m.path("roles").get(1);
        assertThat(admin.path("role_id").asText()).isEqualTo("stytch_admin");
        assertThat(admin.path("sources").get(0).path("type").asText()).isEqualTo("email_assignment");
        assertThat(admin.path("sources")
                        .get(0)
                        .path("details")
                        .path("email_domain")
                        .asText())
                .isEqualTo("implicit.example");
        assertThat(m.path("is_admin").asBoolean()).isTrue();
    }

    @Test
    void phoneNumberRulesAreEnforced() {
        JsonNode m = create(json("email_address", email()));
        String path = members() + "/" + m.path("member_id").asText();
        assertError(api.put(path, json("mfa_phone_number", "4155552671")), 400, "invalid_phone_number");
        assertError(api.put(path, json("mfa_phone_number", "+1 555")), 400, "invalid_phone_number");
        assertThat(api.put(path, json("mfa_phone_number", "+44 20 7946 0958"))
                        .body()
                        .path("member")
                        .path("mfa_phone_number")
                        .asText())
                .isEqualTo("+442079460958");
        assertThat(api.put(path, json("mfa_phone_number", "+442079460958")).status())
                .isEqualTo(200);
        Map<String, List<String>> before = DbSnapshot.organizationsAndMembers(server);
        assertError(api.put(path, json("mfa_phone_number", "+14155552671")), 400, "member_phone_number_already_set");
        assertError(
                api.post(members(), json("email_address", email(), "mfa_phone_number", "+442079460958")),
                400,
                "duplicate_member_phone_number");
        assertThat(DbSnapshot.organizationsAndMembers(server)).isEqualTo(before);
    }

    @Test
    void changingTheEmailRetiresTheOldOneAndUnverifiesTheMember() {
        String oldEmail = email();
        JsonNode m = create(json("email_address", oldEmail));
        String id = m.path("member_id").asText();
        String newEmail = email();
        JsonNode changed = api.put(members() + "/" + id, json("email_address", newEmail))
                .body()
                .path("member");
        assertThat(changed.path("email_address").asText()).isEqualTo(newEmail);
        assertThat(changed.path("email_address_verified").asBoolean()).isFalse();
        assertThat(changed.path("retired_email_addresses")
                        .get(0)
                        .path("email_address")
                        .asText())
                .isEqualTo(oldEmail);
        assertThat(changed.path("retired_email_addresses")
                        .get(0)
                        .path("email_id")
                        .asText())
                .startsWith("email-test-");
        JsonNode other = create(json("email_address", email()));
        Map<String, List<String>> before = DbSnapshot.organizationsAndMembers(server);
        assertError(api.post(members(), json("email_address", oldEmail)), 400, "retired_member_email");
        assertError(
                api.put(members() + "/" + other.path("member_id").asText(), json("email_address", oldEmail)),
                400,
                "retired_member_email");
        assertError(
                api.put(
                        members() + "/" + other.path("member_id").asText(),
                        json("email_address", newEmail.toUpperCase())),
                400,
                "duplicate_member_email");
        assertThat(DbSnapshot.organizationsAndMembers(server)).isEqualTo(before);
        // Taking the old address back is the member's own business.
        JsonNode back = api.put(members() + "/" + id, json("email_address", oldEmail, "unlink_email", true))
                .body()
                .path("member");
        assertThat(back.path("email_address").asText()).isEqualTo(oldEmail);
        assertThat(back.path("retired_email_addresses").size()).isZero();
    }

    @Test
    void reactivationNeedsADeletedMemberWithAVerifiedEmail() {
        String email = email();
        String id = create(json("email_address", email)).path("member_id").asText();
        String reactivate = members() + "/" + id + "/reactivate";
        assertError(api.put(reactivate, json()), 404, "no_deleted_member_found_for_reactivation");
        api.delete(members() + "/" + id);
        assertError(api.put(reactivate, json()), 400, "email_unverified_for_reactivation");

        String verifiedEmail = email();
        String verified =
                create(json("email_address", verifiedEmail)).path("member_id").asText();
        TestServices services = server.services();
        services.database()
                .useTransaction(tx -> services.members().activateWithVerifiedEmail(tx, project(), orgId, verified));
        api.delete(members() + "/" + verified);
        ApiResponse r = api.put(members() + "/" + verified + "/reactivate", "{}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member").path("status").asText()).isEqualTo("active");

        api.delete(members() + "/" + verified);
        create(json("email_address", verifiedEmail));
        assertError(
                api.put(members() + "/" + verified + "/reactivate", json()),
                400,
                "reactivation_email_belongs_to_another_member");
        assertError(
                api.put(members() + "/member-test-00000000-0000-4000-8000-000000000000/reactivate", json()),
                404,
                "member_not_found");
    }

    @Test
    void anotherProjectsMembersAreNeverVisible() {
        NewProject other = server.newProject("Other " + UUID.randomUUID());
        ApiClient otherApi = server.clientFor(other);
        String theirOrg = otherApi.post(ORGS, json("organization_name", "Theirs"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        String theirMember = otherApi.post(ORGS + "/" + theirOrg + "/members", json("email_address", email()))
                .body()
                .path("member_id")
                .asText();
        assertError(api.get(ORGS + "/members/dangerously_get/" + theirMember), 404, "member_not_found");
        assertError(api.get(ORGS + "/" + theirOrg + "/member?member_id=" + theirMember), 404, "organization_not_found");
        assertError(api.get(ORGS + "/" + orgId + "/member?member_id=" + theirMember), 404, "member_not_found");
        assertError(api.put(members() + "/" + theirMember, json("name", "x")), 404, "member_not_found");
        assertError(api.delete(members() + "/" + theirMember), 404, "member_not_found");
        assertError(
                api.post(ORGS + "/members/search", json("organization_ids", List.of(theirOrg))),
                404,
                "organization_not_found");
        assertThat(otherApi.get(ORGS + "/members/dangerously_get/" + theirMember)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aMemberOfAnotherOrganizationIsNotFoundInThisOne() {
        String otherOrg = api.post(ORGS, json("organization_name", "Sibling"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        String theirs = api.post(ORGS + "/" + otherOrg + "/members", json("email_address", email()))
                .body()
                .path("member_id")
                .asText();
        assertError(api.get(ORGS + "/" + orgId + "/member?member_id=" + theirs), 404, "member_not_found");
        assertError(api.put(members() + "/" + theirs, json("name", "x")), 404, "member_not_found");
    }

    @Test
    void deletingTheOrganizationDeletesItsMembers() {
        String id = create(json("email_address", email())).path("member_id").asText();
        assertThat(api.delete(ORGS + "/" + orgId).status()).isEqualTo(200);
        assertError(
                api.get(ORGS + "/members/dangerously_get/" + id + "?include_deleted=true"), 404, "member_not_found");
        List<String> rows = DbSnapshot.organizationsAndMembers(server).get("members");
        assertThat(rows).noneMatch(r -> r.contains(id));
    }

    @Test
    void parallelCreatesOfOneEmailLetExactlyOneSucceed() throws Exception {
        for (int round = 0; round < 3; round++) {
            String email = email();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<ApiResponse>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String variant = i % 2 == 0 ? email : email.toUpperCase();
                    calls.add(() -> api.post(members(), json("email_address", variant)));
                }
                List<ApiResponse> responses = new ArrayList<>();
                for (Future<ApiResponse> f : pool.invokeAll(calls)) {
                    responses.add(f.get());
                }
                assertThat(responses.stream().filter(r -> r.status() == 200)).hasSize(1);
                responses.stream()
                        .filter(r -> r.status() != 200)
                        .forEach(r -> assertError(r, 400, "duplicate_member_email"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void unicodeAndSqlLookingValuesAreStoredVerbatim() {
        String name = "Zoë 王'); DROP TABLE members;-- 🎉";
        JsonNode m = create(json(
                "email_address",
                "o'brien+tag@example.com",
                "name",
                name,
                "untrusted_metadata",
                json("note", "1; DELETE FROM organizations", "emoji", "🎉")));
        JsonNode got = getByEmail("O'Brien+tag@example.com").body().path("member");
        assertThat(got.path("member_id")).isEqualTo(m.path("member_id"));
        assertThat(got.path("name").asText()).isEqualTo(name);
        assertThat(got.path("untrusted_metadata").path("note").asText()).isEqualTo("1; DELETE FROM organizations");
        assertThat(api.post(ORGS + "/search", json()).status()).isEqualTo(200);
    }

    static List<String> roleIds(JsonNode member) {
        List<String> out = new ArrayList<>();
        member.path("roles").forEach(r -> out.add(r.path("role_id").asText()));
        return out;
    }

    static io.latchkey.server.project.Project project() {
        return server.app().projects().find(server.projectId()).orElseThrow();
    }
}
