package io.latchkey.server.discovery;

import static io.latchkey.server.discovery.DiscoveryWorld.ok;
import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Creating an organization from a discovery intermediate session. */
class DiscoveryCreateOrganizationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static DiscoveryFlow flow;

    @BeforeAll
    static void start() {
        flow = new DiscoveryFlow(server);
    }

    static Map<String, List<String>> snapshot() {
        Map<String, List<String>> tables = DbSnapshot.organizationsAndMembers(server);
        tables.putAll(DbSnapshot.of(server.app().database(), "member_sessions", "intermediate_sessions"));
        return tables;
    }

    static void assertAdminCreator(ApiResponse r, String email) {
        JsonNode member = r.body().path("member");
        assertThat(member.path("email_address").asText()).isEqualTo(email);
        assertThat(member.path("status").asText()).isEqualTo("active");
        assertThat(member.path("email_address_verified").asBoolean()).isTrue();
        assertThat(member.path("is_admin").asBoolean()).isTrue();
        assertThat(member.path("roles").toString()).contains("\"stytch_admin\"");
        assertThat(member.path("organization_id").asText())
                .isEqualTo(r.body().path("organization").path("organization_id").asText());
    }

    @Test
    void createWithoutNameThenNamedAfterTheDomainAndTheCreatorIsAnAdminWithASession() {
        String domain = unique("acme") + ".test";
        String email = unique("ada") + "@" + domain;
        String ist = flow.ist(email);
        ApiResponse r = flow.create(ist, "session_custom_claims", Map.of("tier", 1));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode org = r.body().path("organization");
        assertThat(org.path("organization_name").asText()).isEqualTo(domain);
        assertThat(org.path("organization_slug").asText()).isEqualTo(domain);
        assertThat(org.path("email_invites").asText()).isEqualTo("ALL_ALLOWED");
        assertAdminCreator(r, email);
        assertThat(r.body().path("member_authenticated").asBoolean()).isTrue();
        assertThat(r.text("session_token")).matches("[A-Za-z0-9_-]{43}");
        assertThat(r.text("intermediate_session_token")).isEmpty();
        JsonNode session = r.body().path("member_session");
        assertThat(session.path("roles").toString()).contains("stytch_member").contains("stytch_admin");
        assertThat(session.path("custom_claims").path("tier").asInt()).isEqualTo(1);
        assertThat(session.path("organization_slug").asText()).isEqualTo(domain);
        assertThat(session.path("authentication_factors").get(0).path("type").asText())
                .isEqualTo("magic_link");

        assertError(flow.create(ist), 404, "intermediate_session_not_found");
        // The creator is a member like any other: discovery now lists the organization.
        assertThat(DiscoveryFlow.discoveredIds(flow.discover(email)))
                .contains(org.path("organization_id").asText());
    }

    @Test
    void createForAPersonalAddressThenNamedAfterTheLocalPartAndSlugsStayUnique() {
        String local = unique("jane.doe");
        String email = local + "@gmail.com";
        ApiResponse first = ok(flow.create(flow.ist(email)));
        assertThat(first.body().path("organization").path("organization_name").asText())
                .isEqualTo(local);
        assertThat(first.body().path("organization").path("organization_slug").asText())
                .isEqualTo(local);
        ApiResponse second = ok(flow.create(flow.ist(email)));
        assertThat(second.body().path("organization").path("organization_name").asText())
                .isEqualTo(local);
        assertThat(second.body().path("organization").path("organization_slug").asText())
                .isEqualTo(local + "-2");

        String student = unique("sam");
        ApiResponse edu = ok(flow.create(flow.ist(student + "@" + unique("uni") + ".edu")));
        assertThat(edu.body().path("organization").path("organization_name").asText())
                .isEqualTo(student);
    }

    @Test
    void createWithANameButNoSlugThenTheSlugComesFromTheEmail() {
        String domain = unique("acme") + ".test";
        ApiResponse r =
                ok(flow.create(flow.ist(unique("ada") + "@" + domain), "organization_name", "Acme Corporation"));
        assertThat(r.body().path("organization").path("organization_name").asText())
                .isEqualTo("Acme Corporation");
        assertThat(r.body().path("organization").path("organization_slug").asText())
                .isEqualTo(domain);
    }

    @Test
    void createWithSettingsAppliesThem() {
        String domain = unique("acme") + ".test";
        String slug = unique("acme");
        String email = unique("ada") + "@" + domain;
        ApiResponse r = ok(flow.create(
                flow.ist(email),
                "organization_name",
                "Acme",
                "organization_slug",
                slug,
                "organization_external_id",
                unique("ext"),
                "email_allowed_domains",
                List.of(domain),
                "email_jit_provisioning",
                "RESTRICTED",
                "trusted_metadata",
                Map.of("plan", "gold"),
                "session_duration_minutes",
                30,
                "telemetry_id",
                "x"));
        JsonNode org = r.body().path("organization");
        assertThat(org.path("organization_slug").asText()).isEqualTo(slug);
        assertThat(org.path("email_allowed_domains").toString()).isEqualTo("[\"" + domain + "\"]");
        assertThat(org.path("email_jit_provisioning").asText()).isEqualTo("RESTRICTED");
        assertThat(org.path("email_invites").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(org.path("trusted_metadata").path("plan").asText()).isEqualTo("gold");
        assertAdminCreator(r, email);

        // A colleague at the domain may now join it by discovery: the creator's address is verified.
        ApiResponse colleague = flow.discover(unique("bob") + "@" + domain);
        JsonNode found =
                DiscoveryFlow.discovered(colleague, org.path("organization_id").asText());
        assertThat(found).isNotNull();
        assertThat(found.path("membership").path("type").asText()).isEqualTo("eligible_to_join_by_email_domain");
    }

    @Test
    void createWithTheJavaSdksDefaultEmptyListsAndMapsThenTheDefaultsOfACreateWithoutSettings() {
        String domain = unique("acme") + ".test";
        ApiResponse r = ok(flow.create(
                flow.ist(unique("ada") + "@" + domain),
                "session_custom_claims",
                Map.of(),
                "trusted_metadata",
                Map.of(),
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
                "allowed_first_party_connected_apps",
                List.of(),
                "allowed_third_party_connected_apps",
                List.of()));
        JsonNode org = r.body().path("organization");
        assertThat(org.path("organization_slug").asText()).isEqualTo(domain);
        assertThat(org.path("email_invites").asText()).isEqualTo("ALL_ALLOWED");
        assertThat(org.path("email_jit_provisioning").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(r.body().path("member_authenticated").asBoolean()).isTrue();
    }

    @Test
    void createWithMfaRequiredForAllThenAnIntermediateSessionAndNoSession() {
        String email = unique("ada") + "@" + unique("acme") + ".test";
        ApiResponse r = flow.create(flow.ist(email), "mfa_policy", "REQUIRED_FOR_ALL");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isFalse();
        assertThat(r.text("session_token")).isEmpty();
        assertThat(r.text("session_jwt")).isEmpty();
        assertThat(r.body().has("member_session")).isFalse();
        assertThat(r.text("intermediate_session_token")).matches("[A-Za-z0-9_-]{43}");
        assertThat(r.body()
                        .path("mfa_required")
                        .path("member_options")
                        .path("totp_registration_id")
                        .asText())
                .isEmpty();
        assertAdminCreator(r, email);
        String orgId = r.body().path("organization").path("organization_id").asText();
        assertThat(ok(flow.api().get("/v1/b2b/organizations/" + orgId))
                        .body()
                        .path("organization")
                        .path("mfa_policy")
                        .asText())
                .isEqualTo("REQUIRED_FOR_ALL");
        assertThat(ok(flow.api().get("/v1/b2b/sessions?organization_id=" + orgId + "&member_id=" + r.text("member_id")))
                        .body()
                        .path("member_sessions"))
                .isEmpty();
        assertThat(ok(flow.list("intermediate_session_token", r.text("intermediate_session_token")))
                        .text("organization_id_hint"))
                .isEqualTo(orgId);
    }

    @Test
    void refusedCreatesChangeNothingAndLeaveTheIntermediateSessionUsable() {
        String taken = unique("taken");
        ok(flow.api()
                .post(
                        "/v1/b2b/organizations",
                        io.latchkey.server.testing.ApiClient.json(
                                "organization_name", "Taken", "organization_slug", taken)));
        String ist = flow.ist(unique("ada") + "@" + unique("acme") + ".test");
        Map<String, List<String>> before = snapshot();
        assertError(flow.create(ist, "organization_slug", taken), 400, "organization_slug_already_used");
        assertError(flow.create(ist, "email_jit_provisioning", "ALL_ALLOWED"), 400, "invalid_organization_setting");
        assertError(
                flow.create(ist, "email_allowed_domains", List.of("gmail.com")),
                400,
                "organization_settings_domain_too_common");
        assertError(
                flow.create(ist, "session_custom_claims", Map.of("iss", "me")),
                400,
                "reserved_claims_in_custom_claims");
        assertError(flow.create(ist, "session_duration_minutes", 600_000), 400, "invalid_session_duration_minutes");
        assertError(flow.create(null), 400, "missing_required_field");
        assertError(flow.create("x".repeat(43)), 404, "intermediate_session_not_found");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(ok(flow.create(ist)).body().path("member_authenticated").asBoolean())
                .isTrue();
    }

    @Test
    void aSlugChosenInDiscoveryCannotCaptureAnotherTenantsExternalId() {
        String external = unique("tenant");
        ApiResponse holder = flow.api()
                .post(
                        "/v1/b2b/organizations",
                        json("organization_name", "Holder", "organization_external_id", external));
        assertThat(holder.status()).as(holder.toString()).isEqualTo(200);
        String email = unique("founder") + "@" + unique("corp") + ".test";
        assertError(
                flow.create(
                        flow.ist(email),
                        "organization_name",
                        "Squatter",
                        "organization_slug",
                        external.toUpperCase(java.util.Locale.ROOT)),
                400,
                "organization_slug_already_used");
        assertThat(flow.api()
                        .get("/v1/b2b/organizations/" + external)
                        .body()
                        .path("organization")
                        .path("organization_name")
                        .asText())
                .isEqualTo("Holder");
    }
}
