package io.latchkey.server.organization;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrganizationsApiTest {
    static final String ORGS = "/v1/b2b/organizations";
    static final List<String> REQUIRED_STRINGS = List.of(
            "organization_id",
            "organization_name",
            "organization_logo_url",
            "organization_slug",
            "sso_jit_provisioning",
            "email_jit_provisioning",
            "email_invites",
            "auth_methods",
            "mfa_policy",
            "mfa_methods",
            "oauth_tenant_jit_provisioning",
            "first_party_connected_apps_allowed_type",
            "third_party_connected_apps_allowed_type");
    static final List<String> REQUIRED_LISTS = List.of(
            "sso_jit_provisioning_allowed_connections",
            "sso_active_connections",
            "email_allowed_domains",
            "allowed_auth_methods",
            "rbac_email_implicit_role_assignments",
            "allowed_mfa_methods",
            "claimed_email_domains",
            "allowed_first_party_connected_apps",
            "allowed_third_party_connected_apps",
            "custom_roles");

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;

    @BeforeAll
    static void start() {
        // The role ids these tests assign exist in the project policy.
        io.latchkey.server.testing.TestPolicies.defineRoles(server, "editor");
        api = server.client();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode create(Map<String, Object> body) {
        ApiResponse r = api.post(ORGS, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("organization");
    }

    @Test
    void createAnswersTheOrganizationWithEveryRequiredFieldAndTheDefaults() {
        ApiResponse r = api.post(ORGS, json("organization_name", "Acme Inc"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("status_code").asInt()).isEqualTo(200);
        assertThat(r.text("request_id")).startsWith("request-id-test-");
        JsonNode org = r.body().path("organization");
        REQUIRED_STRINGS.forEach(f -> assertThat(org.path(f).isTextual()).as(f).isTrue());
        REQUIRED_LISTS.forEach(f -> assertThat(org.path(f).isArray()).as(f).isTrue());
        assertThat(org.path("organization_id").asText()).matches("organization-test-[0-9a-f-]{36}");
        assertThat(org.path("organization_logo_url").asText()).isEmpty();
        assertThat(org.path("sso_jit_provisioning").asText()).isEqualTo("ALL_ALLOWED");
        assertThat(org.path("email_jit_provisioning").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(org.path("email_invites").asText()).isEqualTo("ALL_ALLOWED");
        assertThat(org.path("auth_methods").asText()).isEqualTo("ALL_ALLOWED");
        assertThat(org.path("mfa_policy").asText()).isEqualTo("OPTIONAL");
        assertThat(org.path("mfa_methods").asText()).isEqualTo("ALL_ALLOWED");
        assertThat(org.path("oauth_tenant_jit_provisioning").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(org.path("first_party_connected_apps_allowed_type").asText()).isEqualTo("ALL_ALLOWED");
        assertThat(org.path("trusted_metadata").isObject()).isTrue();
        assertThat(org.path("created_at").asText()).endsWith("Z");
        assertThat(org.path("updated_at").asText()).endsWith("Z");
    }

    @Test
    void createRoundTripsEverySettingThroughGet() {
        Map<String, Object> body = json(
                "organization_name",
                "Round Trip",
                "organization_slug",
                unique("round.trip~x"),
                "organization_logo_url",
                "https://cdn.example.com/logo.png",
                "trusted_metadata",
                json("tier", "gold", "seats", 12, "nested", json("a", List.of(1, 2))),
                "organization_external_id",
                unique("ext|round_trip.1"),
                "sso_jit_provisioning",
                "NOT_ALLOWED",
                "email_allowed_domains",
                List.of("@Example.COM", "example.org"),
                "email_jit_provisioning",
                "RESTRICTED",
                "email_invites",
                "RESTRICTED",
                "auth_methods",
                "RESTRICTED",
                "allowed_auth_methods",
                List.of("magic_link", "sso"),
                "mfa_policy",
                "REQUIRED_FOR_ALL",
                "rbac_email_implicit_role_assignments",
                List.of(json("domain", "Example.com", "role_id", "editor")),
                "mfa_methods",
                "RESTRICTED",
                "allowed_mfa_methods",
                List.of("totp"),
                "oauth_tenant_jit_provisioning",
                "RESTRICTED",
                "allowed_oauth_tenants",
                json("slack", List.of("T123"), "github", List.of("acme")),
                "claimed_email_domains",
                List.of("example.com"),
                "first_party_connected_apps_allowed_type",
                "RESTRICTED",
                "allowed_first_party_connected_apps",
                List.of("connected-app-1"),
                "third_party_connected_apps_allowed_type",
                "NOT_ALLOWED",
                "allowed_third_party_connected_apps",
                List.of());
        JsonNode created = create(body);
        JsonNode got = api.get(ORGS + "/" + created.path("organization_id").asText())
                .body()
                .path("organization");
        assertThat(got).isEqualTo(created);
        assertThat(got.path("organization_slug").asText()).isEqualTo(body.get("organization_slug"));
        assertThat(got.path("organization_logo_url").asText()).isEqualTo("https://cdn.example.com/logo.png");
        assertThat(got.path("trusted_metadata").path("nested").path("a").get(1).asInt())
                .isEqualTo(2);
        assertThat(got.path("organization_external_id").asText()).isEqualTo(body.get("organization_external_id"));
        assertThat(got.path("sso_jit_provisioning").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(texts(got.path("email_allowed_domains"))).containsExactly("example.com", "example.org");
        assertThat(got.path("email_jit_provisioning").asText()).isEqualTo("RESTRICTED");
        assertThat(got.path("email_invites").asText()).isEqualTo("RESTRICTED");
        assertThat(texts(got.path("allowed_auth_methods"))).containsExactly("magic_link", "sso");
        assertThat(got.path("mfa_policy").asText()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(got.path("rbac_email_implicit_role_assignments")
                        .get(0)
                        .path("domain")
                        .asText())
                .isEqualTo("example.com");
        assertThat(got.path("rbac_email_implicit_role_assignments")
                        .get(0)
                        .path("role_id")
                        .asText())
                .isEqualTo("editor");
        assertThat(texts(got.path("allowed_mfa_methods"))).containsExactly("totp");
        assertThat(got.path("oauth_tenant_jit_provisioning").asText()).isEqualTo("RESTRICTED");
        assertThat(texts(got.path("allowed_oauth_tenants").path("slack"))).containsExactly("T123");
        assertThat(texts(got.path("claimed_email_domains"))).containsExactly("example.com");
        assertThat(got.path("first_party_connected_apps_allowed_type").asText()).isEqualTo("RESTRICTED");
        assertThat(texts(got.path("allowed_first_party_connected_apps"))).containsExactly("connected-app-1");
        assertThat(got.path("third_party_connected_apps_allowed_type").asText()).isEqualTo("NOT_ALLOWED");
    }

    @Test
    void createWithAnAuthenticationSettingDefaultsEmailInvitesToNotAllowed() {
        JsonNode org = create(json("organization_name", "Jit Co", "sso_jit_provisioning", "ALL_ALLOWED"));
        assertThat(org.path("email_invites").asText()).isEqualTo("NOT_ALLOWED");
    }

    @Test
    void createWithOnlyEmptyListsStillDefaultsEmailInvitesToAllAllowed() {
        // The Java SDK sends [] for every list argument the caller left out.
        JsonNode org = create(json(
                "organization_name",
                "Java Co",
                "email_allowed_domains",
                List.of(),
                "allowed_auth_methods",
                List.of(),
                "trusted_metadata",
                Map.of()));
        assertThat(org.path("email_invites").asText()).isEqualTo("ALL_ALLOWED");
    }

    @Test
    void createWithoutSlugDerivesAUniqueSlugFromTheName() {
        String name = "Ünïcode & Sons, Inc. " + UUID.randomUUID().toString().substring(0, 6);
        JsonNode first = create(json("organization_name", name));
        JsonNode second = create(json("organization_name", name));
        String slug = first.path("organization_slug").asText();
        assertThat(slug).startsWith("unicode-sons-inc").matches("[a-z0-9._~-]{2,128}");
        assertThat(second.path("organization_slug").asText()).isEqualTo(slug + "-2");
        JsonNode nonLatin = create(json("organization_name", "株式会社"));
        assertThat(nonLatin.path("organization_slug").asText()).matches("organization(-\\d+)?");
    }

    @Test
    void theOrganizationCanBeNamedByIdSlugOrExternalId() {
        String slug = unique("named");
        String external = unique("ext");
        JsonNode org = create(
                json("organization_name", "Named", "organization_slug", slug, "organization_external_id", external));
        String id = org.path("organization_id").asText();
        for (String ref : List.of(id, slug, slug.toUpperCase(), external)) {
            ApiResponse r = api.get(ORGS + "/" + ref);
            assertThat(r.status()).as(ref).isEqualTo(200);
            assertThat(r.body().path("organization").path("organization_id").asText())
                    .isEqualTo(id);
        }
        ApiResponse updated = api.put(ORGS + "/" + external, json("organization_name", "Renamed"));
        assertThat(updated.body().path("organization").path("organization_name").asText())
                .isEqualTo("Renamed");
    }

    @Test
    void theJavaSdksRepeatedPathIdIsIgnored() {
        JsonNode org = create(json("organization_name", "Path Wins"));
        String id = org.path("organization_id").asText();
        ApiResponse got =
                api.get(ORGS + "/" + id + "?organization_id=organization-test-00000000-0000-4000-8000-000000000000");
        assertThat(got.status()).isEqualTo(200);
        ApiResponse updated = api.put(ORGS + "/" + id, json("organization_id", 42, "organization_name", "Still Path"));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.body().path("organization").path("organization_id").asText())
                .isEqualTo(id);
    }

    @Test
    void unknownIdsAreNotFound() {
        assertError(
                api.get(ORGS + "/organization-test-00000000-0000-4000-8000-000000000000"),
                404,
                "organization_not_found");
        assertError(api.get(ORGS + "/no-such-slug"), 404, "organization_not_found");
        assertError(api.put(ORGS + "/no-such-slug", json("organization_name", "x")), 404, "organization_not_found");
        assertError(api.delete(ORGS + "/no-such-slug"), 404, "organization_not_found");
        assertError(api.get(ORGS + "/%E2%9C%93%F0%9F%8E%89"), 404, "organization_not_found");
        assertError(api.get(ORGS + "/a%27%20OR%201%3D1"), 404, "organization_not_found");
        assertError(api.get(ORGS + "/" + "x".repeat(2000)), 404, "organization_not_found");
    }

    @Test
    void anIdOfTheLiveEnvironmentIsRefusedInATestProject() {
        assertError(
                api.get(ORGS + "/organization-live-00000000-0000-4000-8000-000000000000"),
                400,
                "live_id_used_in_test_environment");
    }

    @Test
    void anotherProjectsOrganizationIsNeverVisible() {
        NewProject other = server.newProject("Other " + UUID.randomUUID());
        ApiClient otherApi = server.clientFor(other);
        String slug = unique("theirs");
        JsonNode theirs = otherApi.post(
                        ORGS,
                        json(
                                "organization_name",
                                "Theirs",
                                "organization_slug",
                                slug,
                                "organization_external_id",
                                slug))
                .body()
                .path("organization");
        String id = theirs.path("organization_id").asText();
        for (String ref : List.of(id, slug)) {
            assertError(api.get(ORGS + "/" + ref), 404, "organization_not_found");
            assertError(
                    api.put(ORGS + "/" + ref, json("organization_name", "Mine now")), 404, "organization_not_found");
            assertError(api.delete(ORGS + "/" + ref), 404, "organization_not_found");
        }
        ApiResponse search = api.post(
                ORGS + "/search",
                json(
                        "query",
                        json(
                                "operator",
                                "AND",
                                "operands",
                                List.of(json("filter_name", "organization_ids", "filter_value", List.of(id))))));
        assertThat(search.body().path("organizations").size()).isZero();
        assertThat(search.body().path("results_metadata").path("total").asInt()).isZero();
        // Slugs are per project: ours may reuse theirs.
        assertThat(api.post(ORGS, json("organization_name", "Ours", "organization_slug", slug))
                        .status())
                .isEqualTo(200);
        assertThat(otherApi.get(ORGS + "/" + id)
                        .body()
                        .path("organization")
                        .path("organization_name")
                        .asText())
                .isEqualTo("Theirs");
    }

    @Test
    void updateChangesOnlyTheGivenFieldsAndNullOrEmptyListsAndMapsChangeNothing() {
        JsonNode org = create(json(
                "organization_name",
                "Before",
                "email_allowed_domains",
                List.of("before.com"),
                "allowed_mfa_methods",
                List.of("sms_otp"),
                "mfa_policy",
                "REQUIRED_FOR_ALL"));
        String id = org.path("organization_id").asText();
        JsonNode updated = api.put(
                        ORGS + "/" + id,
                        json(
                                "organization_name",
                                "After",
                                "allowed_mfa_methods",
                                List.of(),
                                "email_allowed_domains",
                                null))
                .body()
                .path("organization");
        assertThat(updated.path("organization_name").asText()).isEqualTo("After");
        assertThat(texts(updated.path("allowed_mfa_methods"))).containsExactly("sms_otp");
        assertThat(texts(updated.path("email_allowed_domains"))).containsExactly("before.com");
        assertThat(updated.path("mfa_policy").asText()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(updated.path("organization_slug")).isEqualTo(org.path("organization_slug"));
        assertThat(updated.path("created_at")).isEqualTo(org.path("created_at"));
        assertThat(api.get(ORGS + "/" + id).body().path("organization")).isEqualTo(updated);
    }

    @Test
    void updateWithTheJavaSdksDefaultsOnARestrictedOrganizationChangesOnlyTheName() {
        // The official Java SDK's short constructors send [] or {} for every list and map the caller
        // did not set; each must read as "unchanged", or the restricted settings lose their lists.
        JsonNode org = create(json(
                "organization_name",
                "Restricted",
                "trusted_metadata",
                json("keep", 1),
                "email_allowed_domains",
                List.of("restricted.com"),
                "email_jit_provisioning",
                "RESTRICTED",
                "email_invites",
                "RESTRICTED",
                "auth_methods",
                "RESTRICTED",
                "allowed_auth_methods",
                List.of("sso"),
                "mfa_methods",
                "RESTRICTED",
                "allowed_mfa_methods",
                List.of("totp"),
                "rbac_email_implicit_role_assignments",
                List.of(json("domain", "restricted.com", "role_id", "stytch_admin")),
                "oauth_tenant_jit_provisioning",
                "RESTRICTED",
                "allowed_oauth_tenants",
                json("slack", List.of("T1")),
                "claimed_email_domains",
                List.of("restricted.com"),
                "first_party_connected_apps_allowed_type",
                "RESTRICTED",
                "allowed_first_party_connected_apps",
                List.of("app-1"),
                "third_party_connected_apps_allowed_type",
                "RESTRICTED",
                "allowed_third_party_connected_apps",
                List.of("app-2")));
        String id = org.path("organization_id").asText();
        api.put(
                ORGS + "/" + id,
                json(
                        "sso_jit_provisioning",
                        "RESTRICTED",
                        "sso_jit_provisioning_allowed_connections",
                        List.of("saml-connection-1")));
        JsonNode before = api.get(ORGS + "/" + id).body().path("organization");

        Map<String, Object> javaSdkRename = json(
                "organization_name",
                "Renamed",
                "trusted_metadata",
                Map.of(),
                "sso_jit_provisioning_allowed_connections",
                List.of(),
                "email_allowed_domains",
                List.of(),
                "allowed_auth_methods",
                List.of(),
                "rbac_email_implicit_role_assignments",
                List.of(),
                "allowed_mfa_methods",
                List.of(),
                "allowed_oauth_tenants",
                Map.of(),
                "claimed_email_domains",
                List.of(),
                "allowed_first_party_connected_apps",
                List.of(),
                "allowed_third_party_connected_apps",
                List.of());
        ApiResponse r = api.put(ORGS + "/" + id, javaSdkRename);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        ObjectNode expected = before.deepCopy();
        expected.put("organization_name", "Renamed");
        expected.set("updated_at", r.body().path("organization").path("updated_at"));
        assertThat(r.body().path("organization")).isEqualTo(expected);
        assertThat(api.get(ORGS + "/" + id).body().path("organization")).isEqualTo(expected);
    }

    @Test
    void updateAwayFromRestrictedLeavesTheListStoredButNoLongerRequired() {
        JsonNode org = create(json(
                "organization_name",
                "Loosening",
                "email_allowed_domains",
                List.of("loose.com"),
                "email_jit_provisioning",
                "RESTRICTED",
                "email_invites",
                "RESTRICTED"));
        String id = org.path("organization_id").asText();
        JsonNode loosened = api.put(
                        ORGS + "/" + id,
                        json(
                                "email_jit_provisioning",
                                "NOT_ALLOWED",
                                "email_invites",
                                "ALL_ALLOWED",
                                "email_allowed_domains",
                                List.of()))
                .body()
                .path("organization");
        assertThat(loosened.path("email_jit_provisioning").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(loosened.path("email_invites").asText()).isEqualTo("ALL_ALLOWED");
        assertThat(texts(loosened.path("email_allowed_domains"))).containsExactly("loose.com");
        JsonNode replaced = api.put(ORGS + "/" + id, json("email_allowed_domains", List.of("tight.com")))
                .body()
                .path("organization");
        assertThat(texts(replaced.path("email_allowed_domains"))).containsExactly("tight.com");
    }

    @Test
    void trustedMetadataMergesAtTheTopLevelAndANullValueDeletesAKey() {
        JsonNode org = create(json(
                "organization_name",
                "Meta",
                "trusted_metadata",
                json("keep", 1, "drop", "x", "replace", json("a", 1, "b", 2))));
        String id = org.path("organization_id").asText();
        JsonNode meta = api.put(
                        ORGS + "/" + id,
                        json("trusted_metadata", json("drop", null, "replace", json("c", 3), "added", true)))
                .body()
                .path("organization")
                .path("trusted_metadata");
        assertThat(meta.path("keep").asInt()).isEqualTo(1);
        assertThat(meta.has("drop")).isFalse();
        assertThat(meta.path("replace").has("a")).isFalse();
        assertThat(meta.path("replace").path("c").asInt()).isEqualTo(3);
        assertThat(meta.path("added").asBoolean()).isTrue();
        JsonNode unchanged = api.put(ORGS + "/" + id, json("trusted_metadata", Map.of()))
                .body()
                .path("organization");
        assertThat(unchanged.path("trusted_metadata")).isEqualTo(meta);
    }

    @Test
    void slugAndExternalIdCanBeChangedAndTheOldSlugIsFreed() {
        String oldSlug = unique("old");
        JsonNode org = create(json("organization_name", "Moving", "organization_slug", oldSlug));
        String newSlug = unique("new");
        JsonNode moved = api.put(
                        ORGS + "/" + oldSlug,
                        json("organization_slug", newSlug, "organization_external_id", "ext-moved-" + newSlug))
                .body()
                .path("organization");
        assertThat(moved.path("organization_slug").asText()).isEqualTo(newSlug);
        assertError(api.get(ORGS + "/" + oldSlug), 404, "organization_not_found");
        assertThat(api.post(ORGS, json("organization_name", "Reuser", "organization_slug", oldSlug))
                        .status())
                .isEqualTo(200);
        // Setting an organization's own slug again is no conflict.
        assertThat(api.put(ORGS + "/" + org.path("organization_id").asText(), json("organization_slug", newSlug))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void sqlLookingAndUnicodeStringsAreStoredVerbatim() {
        String name = "Robert'); DROP TABLE organizations;-- ✓ 日本 🎉";
        JsonNode org = create(json("organization_name", name, "trusted_metadata", json("q", "' OR 1=1 --")));
        JsonNode got = api.get(ORGS + "/" + org.path("organization_id").asText())
                .body()
                .path("organization");
        assertThat(got.path("organization_name").asText()).isEqualTo(name);
        assertThat(got.path("trusted_metadata").path("q").asText()).isEqualTo("' OR 1=1 --");
        String longest = "é".repeat(128);
        assertThat(create(json("organization_name", longest))
                        .path("organization_name")
                        .asText())
                .isEqualTo(longest);
    }

    @Test
    void deleteRemovesTheOrganization() {
        JsonNode org = create(json("organization_name", "Doomed"));
        String id = org.path("organization_id").asText();
        ApiResponse r = api.delete(ORGS + "/" + id);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text("organization_id")).isEqualTo(id);
        assertThat(r.body().path("status_code").asInt()).isEqualTo(200);
        assertError(api.get(ORGS + "/" + id), 404, "organization_not_found");
        // DELETE with the Node SDK's literal {} body works too.
        String other = create(json("organization_name", "Doomed too"))
                .path("organization_id")
                .asText();
        assertThat(api.send("DELETE", ORGS + "/" + other, "{}", Map.of()).status())
                .isEqualTo(200);
    }

    @Test
    void twoParallelCreatesOfTheSameSlugLetExactlyOneSucceed() throws Exception {
        for (int round = 0; round < 3; round++) {
            String slug = unique("race");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<ApiResponse>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(() -> api.post(ORGS, json("organization_name", "Racer", "organization_slug", slug)));
                }
                List<ApiResponse> responses = new ArrayList<>();
                for (Future<ApiResponse> f : pool.invokeAll(calls)) {
                    responses.add(f.get());
                }
                assertThat(responses.stream().filter(r -> r.status() == 200)).hasSize(1);
                responses.stream()
                        .filter(r -> r.status() != 200)
                        .forEach(r -> assertError(r, 400, "organization_slug_already_used"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void parallelCreatesWithoutASlugAllSucceedWithDistinctSlugs() throws Exception {
        String name = unique("Parallel Name");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ApiResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> api.post(ORGS, json("organization_name", name)));
            }
            List<String> slugs = new ArrayList<>();
            for (Future<ApiResponse> f : pool.invokeAll(calls)) {
                ApiResponse r = f.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                slugs.add(
                        r.body().path("organization").path("organization_slug").asText());
            }
            assertThat(slugs).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
