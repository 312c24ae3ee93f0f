package io.latchkey.server.organization;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.RawHttp;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refused organization or member request answers a 4xx in the contract's error shape and
 * leaves the database exactly as it was.
 */
class RefusedRequestsTest {
    static final String ORGS = "/v1/b2b/organizations";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static String org;
    static String member;
    static String otherOrg;
    static String otherMember;

    /** One refused call. Paths may name {org}, {member}, {otherOrg}, {otherMember}. */
    record Case(String name, String method, String path, Object body, int status, String errorType) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        // The role ids these tests assign exist in the project policy.
        io.latchkey.server.testing.TestPolicies.defineRoles(server, "editor");
        api = server.client();
        org = api.post(
                        ORGS,
                        json(
                                "organization_name",
                                "Fixture",
                                "organization_slug",
                                "fixture",
                                "organization_external_id",
                                "fixture-ext",
                                "email_allowed_domains",
                                List.of("fixture.com"),
                                "trusted_metadata",
                                json("k", "v")))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        api.post(
                ORGS,
                json(
                        "organization_name",
                        "Taken",
                        "organization_slug",
                        "taken",
                        "organization_external_id",
                        "taken-ext"));
        member = api.post(
                        ORGS + "/" + org + "/members",
                        json(
                                "email_address",
                                "taken@fixture.com",
                                "external_id",
                                "member-ext",
                                "mfa_phone_number",
                                "+14155552671"))
                .body()
                .path("member_id")
                .asText();
        api.post(ORGS + "/" + org + "/members", json("email_address", "second@fixture.com"));
        var other = server.newProject("Other");
        ApiClient otherApi = server.clientFor(other);
        otherOrg = otherApi.post(ORGS, json("organization_name", "Other"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        otherMember = otherApi.post(ORGS + "/" + otherOrg + "/members", json("email_address", "x@other.com"))
                .body()
                .path("member_id")
                .asText();
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        String one = ORGS + "/{org}";
        String members = one + "/members";
        String mem = members + "/{member}";
        // Credentials
        c.add(new Case(
                "no credentials", "NOAUTH", ORGS, json("organization_name", "x"), 401, "unauthorized_credentials"));
        c.add(new Case(
                "wrong secret", "BADAUTH", ORGS, json("organization_name", "x"), 401, "unauthorized_credentials"));
        c.add(new Case("wrong secret on delete", "BADAUTH_DELETE", one, null, 401, "unauthorized_credentials"));
        // Another project's or unknown ids
        c.add(new Case(
                "another project's org update",
                "PUT",
                ORGS + "/{otherOrg}",
                json("organization_name", "x"),
                404,
                "organization_not_found"));
        c.add(new Case(
                "another project's org delete", "DELETE", ORGS + "/{otherOrg}", null, 404, "organization_not_found"));
        c.add(new Case(
                "another project's member delete",
                "DELETE",
                members + "/{otherMember}",
                null,
                404,
                "member_not_found"));
        c.add(new Case(
                "member create in another project's org",
                "POST",
                ORGS + "/{otherOrg}/members",
                json("email_address", "a@b.com"),
                404,
                "organization_not_found"));
        c.add(new Case(
                "unknown org id",
                "PUT",
                ORGS + "/organization-test-00000000-0000-4000-8000-000000000000",
                json("organization_name", "x"),
                404,
                "organization_not_found"));
        c.add(new Case(
                "live id in test project",
                "DELETE",
                ORGS + "/organization-live-00000000-0000-4000-8000-000000000000",
                null,
                400,
                "live_id_used_in_test_environment"));
        c.add(new Case(
                "live member id",
                "DELETE",
                members + "/member-live-00000000-0000-4000-8000-000000000000",
                null,
                400,
                "live_id_used_in_test_environment"));
        c.add(new Case(
                "unknown member",
                "PUT",
                members + "/member-test-00000000-0000-4000-8000-000000000000",
                json("name", "x"),
                404,
                "member_not_found"));
        // Organization create
        c.add(new Case(
                "name missing", "POST", ORGS, json("organization_slug", "nameless"), 400, "organization_name_missing"));
        c.add(new Case("name blank", "POST", ORGS, json("organization_name", "   "), 400, "organization_name_missing"));
        c.add(new Case(
                "name too long",
                "POST",
                ORGS,
                json("organization_name", "n".repeat(129)),
                400,
                "invalid_organization_name"));
        c.add(new Case(
                "name with control character",
                "POST",
                ORGS,
                json("organization_name", "a\u0000b"),
                400,
                "invalid_organization_name"));
        c.add(new Case("name is a number", "POST", ORGS, json("organization_name", 42), 400, "invalid_field_type"));
        c.add(new Case(
                "duplicate slug",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_slug", "taken"),
                400,
                "organization_slug_already_used"));
        c.add(new Case(
                "duplicate slug other case",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_slug", "TAKEN"),
                400,
                "organization_slug_already_used"));
        c.add(new Case(
                "slug too short",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_slug", "a"),
                400,
                "invalid_organization_slug"));
        c.add(new Case(
                "slug with space",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_slug", "a b"),
                400,
                "invalid_organization_slug"));
        c.add(new Case(
                "slug shaped like an id",
                "POST",
                ORGS,
                json(
                        "organization_name",
                        "x",
                        "organization_slug",
                        "organization-test-00000000-0000-4000-8000-000000000000"),
                400,
                "invalid_organization_slug"));
        c.add(new Case(
                "slug too long",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_slug", "s".repeat(129)),
                400,
                "invalid_organization_slug"));
        c.add(new Case(
                "sql in slug",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_slug", "x'; DROP TABLE organizations;--"),
                400,
                "invalid_organization_slug"));
        c.add(new Case(
                "duplicate external id",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_external_id", "taken-ext"),
                400,
                "organization_external_id_already_used"));
        c.add(new Case(
                "bad external id",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_external_id", "white space"),
                400,
                "invalid_organization_external_id"));
        c.add(new Case(
                "invalid domain",
                "POST",
                ORGS,
                json("organization_name", "x", "email_allowed_domains", List.of("not a domain")),
                400,
                "organization_settings_invalid_domain"));
        c.add(new Case(
                "domain without dot",
                "POST",
                ORGS,
                json("organization_name", "x", "email_allowed_domains", List.of("localhost")),
                400,
                "organization_settings_invalid_domain"));
        c.add(new Case(
                "null domain",
                "POST",
                ORGS,
                json("organization_name", "x", "email_allowed_domains", java.util.Arrays.asList("a.com", null)),
                400,
                "organization_settings_invalid_domain"));
        c.add(new Case(
                "too common domain",
                "POST",
                ORGS,
                json("organization_name", "x", "email_allowed_domains", List.of("GMAIL.com")),
                400,
                "organization_settings_domain_too_common"));
        c.add(new Case(
                "too common claimed domain",
                "POST",
                ORGS,
                json("organization_name", "x", "claimed_email_domains", List.of("outlook.com")),
                400,
                "organization_settings_domain_too_common"));
        c.add(new Case(
                "duplicate domain",
                "POST",
                ORGS,
                json("organization_name", "x", "email_allowed_domains", List.of("a.com", "@A.com")),
                400,
                "organization_settings_duplicate_domain"));
        c.add(new Case(
                "domains not a list",
                "POST",
                ORGS,
                json("organization_name", "x", "email_allowed_domains", "a.com"),
                400,
                "invalid_field_type"));
        c.add(new Case(
                "bad sso jit value",
                "POST",
                ORGS,
                json("organization_name", "x", "sso_jit_provisioning", "SOMETIMES"),
                400,
                "invalid_organization_setting"));
        c.add(new Case(
                "email jit all allowed",
                "POST",
                ORGS,
                json("organization_name", "x", "email_jit_provisioning", "ALL_ALLOWED"),
                400,
                "invalid_organization_setting"));
        c.add(new Case(
                "lower-case enum",
                "POST",
                ORGS,
                json("organization_name", "x", "email_invites", "all_allowed"),
                400,
                "invalid_organization_setting"));
        c.add(new Case(
                "bad mfa policy",
                "POST",
                ORGS,
                json("organization_name", "x", "mfa_policy", "ALWAYS"),
                400,
                "invalid_organization_mfa_policy"));
        c.add(new Case(
                "bad auth method",
                "POST",
                ORGS,
                json("organization_name", "x", "allowed_auth_methods", List.of("carrier_pigeon")),
                400,
                "invalid_organization_allowed_auth_methods"));
        c.add(new Case(
                "bad auth methods setting",
                "POST",
                ORGS,
                json("organization_name", "x", "auth_methods", "NOT_ALLOWED"),
                400,
                "invalid_organization_allowed_auth_methods"));
        c.add(new Case(
                "restricted auth without list",
                "POST",
                ORGS,
                json("organization_name", "x", "auth_methods", "RESTRICTED"),
                400,
                "allowed_auth_methods_required_for_restricted"));
        c.add(new Case(
                "restricted mfa without list",
                "POST",
                ORGS,
                json("organization_name", "x", "mfa_methods", "RESTRICTED", "allowed_mfa_methods", List.of()),
                400,
                "allowed_mfa_methods_required_for_restricted"));
        c.add(new Case(
                "bad mfa method",
                "POST",
                ORGS,
                json("organization_name", "x", "allowed_mfa_methods", List.of("email")),
                400,
                "invalid_organization_allowed_mfa_methods"));
        c.add(new Case(
                "restricted jit without domains",
                "POST",
                ORGS,
                json("organization_name", "x", "email_jit_provisioning", "RESTRICTED"),
                400,
                "invalid_restricted_email_setting"));
        c.add(new Case(
                "implicit stytch_member",
                "POST",
                ORGS,
                json(
                        "organization_name",
                        "x",
                        "rbac_email_implicit_role_assignments",
                        List.of(json("domain", "a.com", "role_id", "stytch_member"))),
                400,
                "cannot_assign_default_rbac_role_id"));
        c.add(new Case(
                "implicit role bad domain",
                "POST",
                ORGS,
                json(
                        "organization_name",
                        "x",
                        "rbac_email_implicit_role_assignments",
                        List.of(json("domain", "nope", "role_id", "admin"))),
                400,
                "organization_settings_invalid_domain"));
        c.add(new Case(
                "implicit role missing role",
                "POST",
                ORGS,
                json(
                        "organization_name",
                        "x",
                        "rbac_email_implicit_role_assignments",
                        List.of(json("domain", "a.com"))),
                400,
                "invalid_organization_setting"));
        c.add(new Case(
                "bad oauth tenant provider",
                "POST",
                ORGS,
                json("organization_name", "x", "allowed_oauth_tenants", json("myspace", List.of("t"))),
                400,
                "invalid_organization_setting"));
        c.add(new Case(
                "oauth tenants wrong shape",
                "POST",
                ORGS,
                json("organization_name", "x", "allowed_oauth_tenants", json("slack", "T1")),
                400,
                "invalid_field_type"));
        c.add(new Case(
                "bad connected apps type",
                "POST",
                ORGS,
                json("organization_name", "x", "third_party_connected_apps_allowed_type", "MAYBE"),
                400,
                "invalid_organization_setting"));
        c.add(new Case(
                "logo not a url",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_logo_url", "javascript:alert(1)"),
                400,
                "invalid_organization_logo_url"));
        c.add(new Case(
                "logo ftp",
                "POST",
                ORGS,
                json("organization_name", "x", "organization_logo_url", "ftp://example.com/a.png"),
                400,
                "invalid_organization_logo_url"));
        c.add(new Case(
                "metadata not an object",
                "POST",
                ORGS,
                json("organization_name", "x", "trusted_metadata", "x"),
                400,
                "invalid_field_type"));
        c.add(new Case(
                "metadata too many keys",
                "POST",
                ORGS,
                json("organization_name", "x", "trusted_metadata", manyKeys(21)),
                400,
                "metadata_too_many_keys"));
        c.add(new Case(
                "metadata too large",
                "POST",
                ORGS,
                json("organization_name", "x", "trusted_metadata", json("big", "x".repeat(4100))),
                400,
                "metadata_too_large"));
        c.add(new Case(
                "metadata empty key",
                "POST",
                ORGS,
                json("organization_name", "x", "trusted_metadata", json("", 1)),
                400,
                "metadata_invalid_format"));
        c.add(new Case("malformed json", "POST", ORGS, "{\"organization_name\": \"x\"", 400, "invalid_json"));
        c.add(new Case("json array body", "POST", ORGS, "[1,2]", 400, "invalid_json"));
        c.add(new Case("trailing garbage", "POST", ORGS, "{\"organization_name\":\"x\"} extra", 400, "invalid_json"));
        c.add(new Case("body too large", "TOO_LARGE", ORGS, null, 413, "request_too_large"));
        // Organization update
        c.add(new Case(
                "update to taken slug",
                "PUT",
                one,
                json("organization_slug", "taken"),
                400,
                "organization_slug_already_used"));
        c.add(new Case(
                "update to taken external id",
                "PUT",
                one,
                json("organization_external_id", "taken-ext"),
                400,
                "organization_external_id_already_used"));
        c.add(new Case(
                "update blank name", "PUT", one, json("organization_name", ""), 400, "invalid_organization_name"));
        c.add(new Case(
                "update metadata over key limit by merge",
                "PUT",
                one,
                json("trusted_metadata", manyKeys(20)),
                400,
                "metadata_too_many_keys"));
        c.add(new Case(
                "update restricts jit with only an empty domains list",
                "PUT",
                ORGS + "/taken",
                json("email_jit_provisioning", "RESTRICTED", "email_allowed_domains", List.of()),
                400,
                "invalid_restricted_email_setting"));
        c.add(new Case(
                "update wrong type",
                "PUT",
                one,
                json("mfa_enrolled", "yes", "email_allowed_domains", 7),
                400,
                "invalid_field_type"));
        c.add(new Case(
                "update good field then bad one",
                "PUT",
                one,
                json("organization_name", "Changed", "mfa_policy", "NEVER"),
                400,
                "invalid_organization_mfa_policy"));
        // Member create
        c.add(new Case("member email missing", "POST", members, json("name", "x"), 400, "invalid_email"));
        c.add(new Case(
                "member email invalid", "POST", members, json("email_address", "not-an-email"), 400, "invalid_email"));
        c.add(new Case(
                "member email with nul",
                "POST",
                members,
                json("email_address", "a\u0000@b.com"),
                400,
                "invalid_email"));
        c.add(new Case(
                "member email too long",
                "POST",
                members,
                json("email_address", "a".repeat(300) + "@b.com"),
                400,
                "invalid_email"));
        c.add(new Case(
                "member email sql",
                "POST",
                members,
                json("email_address", "x'--@b.com' OR 1=1"),
                400,
                "invalid_email"));
        c.add(new Case(
                "member duplicate email",
                "POST",
                members,
                json("email_address", "taken@fixture.com"),
                400,
                "duplicate_member_email"));
        c.add(new Case(
                "member duplicate email other case",
                "POST",
                members,
                json("email_address", "TAKEN@Fixture.COM"),
                400,
                "duplicate_member_email"));
        c.add(new Case(
                "member duplicate external id",
                "POST",
                members,
                json("email_address", "new@fixture.com", "external_id", "member-ext"),
                400,
                "duplicate_member_external_id"));
        c.add(new Case(
                "member duplicate phone",
                "POST",
                members,
                json("email_address", "new@fixture.com", "mfa_phone_number", "+1 415 555 2671"),
                400,
                "duplicate_member_phone_number"));
        c.add(new Case(
                "member bad phone",
                "POST",
                members,
                json("email_address", "new@fixture.com", "mfa_phone_number", "call me"),
                400,
                "invalid_phone_number"));
        c.add(new Case(
                "member stytch_member role",
                "POST",
                members,
                json("email_address", "new@fixture.com", "roles", List.of("stytch_member")),
                400,
                "cannot_assign_default_rbac_role_id"));
        c.add(new Case(
                "member bad role",
                "POST",
                members,
                json("email_address", "new@fixture.com", "roles", List.of("has space")),
                400,
                "invalid_role"));
        c.add(new Case(
                "member null role",
                "POST",
                members,
                json("email_address", "new@fixture.com", "roles", java.util.Arrays.asList((Object) null)),
                400,
                "invalid_role"));
        c.add(new Case(
                "member roles not a list",
                "POST",
                members,
                json("email_address", "new@fixture.com", "roles", "admin"),
                400,
                "invalid_field_type"));
        c.add(new Case(
                "member name too long",
                "POST",
                members,
                json("email_address", "new@fixture.com", "name", "n".repeat(256)),
                400,
                "invalid_member_name"));
        c.add(new Case(
                "member bad external id",
                "POST",
                members,
                json("email_address", "new@fixture.com", "external_id", "a/b"),
                400,
                "invalid_member_external_id"));
        c.add(new Case(
                "member pending not boolean",
                "POST",
                members,
                json("email_address", "new@fixture.com", "create_member_as_pending", "true"),
                400,
                "invalid_field_type"));
        c.add(new Case(
                "member metadata too large",
                "POST",
                members,
                json("email_address", "new@fixture.com", "untrusted_metadata", json("b", "y".repeat(5000))),
                400,
                "metadata_too_large"));
        // Member update
        c.add(new Case(
                "member update bad mfa method",
                "PUT",
                mem,
                json("default_mfa_method", "email"),
                400,
                "invalid_mfa_default_method"));
        c.add(new Case(
                "member update phone already set",
                "PUT",
                mem,
                json("mfa_phone_number", "+442079460958"),
                400,
                "member_phone_number_already_set"));
        c.add(new Case(
                "member update to taken email",
                "PUT",
                mem,
                json("email_address", "SECOND@fixture.com"),
                400,
                "duplicate_member_email"));
        c.add(new Case("member update invalid email", "PUT", mem, json("email_address", "@@"), 400, "invalid_email"));
        c.add(new Case(
                "member update stytch_member with another role",
                "PUT",
                mem,
                json("roles", List.of("stytch_member", "editor")),
                400,
                "cannot_assign_default_rbac_role_id"));
        c.add(new Case(
                "member update metadata not object",
                "PUT",
                mem,
                json("trusted_metadata", List.of(1)),
                400,
                "invalid_field_type"));
        c.add(new Case("member get with neither selector", "GET", one + "/member", null, 400, "invalid_argument"));
        c.add(new Case(
                "member get invalid email", "GET", one + "/member?email_address=%00", null, 400, "invalid_email"));
        return c.stream();
    }

    static Map<String, Object> manyKeys(int n) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("key" + i, i);
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aRefusedRequestChangesNothing(Case c) {
        Map<String, List<String>> before = DbSnapshot.organizationsAndMembers(server);
        String path = c.path()
                .replace("{org}", org)
                .replace("{member}", member)
                .replace("{otherOrg}", otherOrg)
                .replace("{otherMember}", otherMember);
        ApiResponse r = switch (c.method()) {
            case "NOAUTH" -> api.as(null, null).post(path, c.body());
            case "BADAUTH" -> api.as(server.projectId(), "secret-test-wrong").post(path, c.body());
            case "BADAUTH_DELETE" ->
                api.as(server.projectId(), "secret-test-wrong").delete(path);
            case "TOO_LARGE" -> RawHttp.announceOversizedBody(server, path);
            default -> api.send(c.method(), path, c.body(), Map.of());
        };
        assertError(r, c.status(), c.errorType());
        assertThat(DbSnapshot.organizationsAndMembers(server)).isEqualTo(before);
    }
}
