package io.latchkey.server.member;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The members calls that take a factor away (MFA phone number, TOTP, password) and unlink a
 * retired email: with the project secret alone, and RBAC-enforced with a member session header.
 */
class MemberFactorsApiTest {
    static final String ORGS = "/v1/b2b/organizations/";
    static final String PW = "a long imported password 7";
    static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
    }

    static String org() {
        return flow.organizationAllowing("acme.test").path("organization_id").asText();
    }

    /** A logged-in member: its login response. */
    static JsonNode member(String orgId, List<String> roles) {
        JsonNode login =
                flow.signUpAndAuthenticate(orgId, unique("f") + "@acme.test").body();
        if (!roles.isEmpty()) {
            assertThat(api.put(
                                    ORGS + orgId + "/members/"
                                            + login.path("member_id").asText(),
                                    json("roles", roles))
                            .status())
                    .isEqualTo(200);
        }
        return login;
    }

    static ApiResponse as(JsonNode login, String method, String path) {
        return as(login, method, path, null);
    }

    static ApiResponse as(JsonNode login, String method, String path, Object body) {
        return api.send(
                method,
                path,
                body,
                Map.of("X-Stytch-Member-Session", login.path("session_token").asText()));
    }

    static JsonNode current(String orgId, String memberId) {
        return api.get(ORGS + orgId + "/member?member_id=" + memberId).body().path("member");
    }

    static String id(JsonNode login) {
        return login.path("member_id").asText();
    }

    static void givePhone(String orgId, String memberId, String phone) {
        ApiResponse r = api.put(ORGS + orgId + "/members/" + memberId, json("mfa_phone_number", phone));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    static String giveTotp(String orgId, String memberId) {
        ApiResponse r = api.post(
                "/v1/b2b/totp/migrate",
                json(
                        "organization_id",
                        orgId,
                        "member_id",
                        memberId,
                        "secret",
                        TOTP_SECRET,
                        "recovery_codes",
                        List.of()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("totp_registration_id");
    }

    static String givePassword(String orgId, String email) throws Exception {
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(PW.getBytes(StandardCharsets.UTF_8)));
        ApiResponse r = api.post(
                "/v1/b2b/passwords/migrate",
                json("organization_id", orgId, "email_address", email, "hash_type", "sha_1", "hash", hash));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("member").path("member_password_id").asText();
    }

    static ApiResponse passwordLogin(String orgId, String email) {
        return api.post(
                "/v1/b2b/passwords/authenticate",
                json("organization_id", orgId, "email_address", email, "password", PW));
    }

    @Test
    void deletingTheMfaPhoneNumberLetsTheMemberTakeAnother() {
        String orgId = org();
        String memberId = id(member(orgId, List.of()));
        givePhone(orgId, memberId, "+14155552671");
        ApiResponse deleted = api.delete(ORGS + orgId + "/members/mfa_phone_numbers/" + memberId);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.text("member_id")).isEqualTo(memberId);
        assertThat(deleted.body().path("member").path("mfa_phone_number").asText())
                .isEmpty();
        assertThat(deleted.body().path("organization").path("organization_id").asText())
                .isEqualTo(orgId);
        givePhone(orgId, memberId, "+442079460958");
        assertThat(current(orgId, memberId).path("mfa_phone_number").asText()).isEqualTo("+442079460958");
        assertError(
                api.delete(
                        ORGS + orgId + "/members/mfa_phone_numbers/member-test-00000000-0000-4000-8000-000000000000"),
                404,
                "member_not_found");
    }

    @Test
    void deletingTotpDropsTheRegistrationAndItsRecoveryCodes() {
        String orgId = org();
        String memberId = id(member(orgId, List.of()));
        giveTotp(orgId, memberId);
        assertThat(current(orgId, memberId).path("totp_registration_id").asText())
                .isNotEmpty();
        ApiResponse deleted = api.delete(ORGS + orgId + "/members/" + memberId + "/totp");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.body().path("member").path("totp_registration_id").asText())
                .isEmpty();
        assertThat(api.get("/v1/b2b/recovery_codes/" + orgId + "/" + memberId)
                        .body()
                        .path("recovery_codes")
                        .size())
                .isZero();
        // A new authenticator may be registered now.
        giveTotp(orgId, memberId);
    }

    @Test
    void deletingThePasswordEndsPasswordLoginsAndIsDoneOnce() throws Exception {
        String orgId = org();
        JsonNode login = member(orgId, List.of());
        String email = login.path("member").path("email_address").asText();
        String passwordId = givePassword(orgId, email);
        assertThat(passwordId).startsWith("member-password-");
        assertThat(passwordLogin(orgId, email).status()).isEqualTo(200);

        assertError(api.delete(ORGS + org() + "/members/passwords/" + passwordId), 404, "member_password_not_found");
        ApiResponse deleted = api.delete(ORGS + orgId + "/members/passwords/" + passwordId);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.text("member_id")).isEqualTo(id(login));
        assertThat(deleted.body().path("member").path("member_password_id").asText())
                .isEmpty();
        assertError(passwordLogin(orgId, email), 401, "unauthorized_credentials");
        assertError(api.delete(ORGS + orgId + "/members/passwords/" + passwordId), 404, "member_password_not_found");
    }

    @Test
    void unlinkingARetiredEmailFreesItForAnotherMember() {
        String orgId = org();
        String oldEmail = unique("old") + "@acme.test";
        String memberId = api.post(ORGS + orgId + "/members", json("email_address", oldEmail))
                .text("member_id");
        JsonNode changed = api.put(
                        ORGS + orgId + "/members/" + memberId, json("email_address", unique("new") + "@acme.test"))
                .body()
                .path("member");
        String emailId =
                changed.path("retired_email_addresses").get(0).path("email_id").asText();
        String path = ORGS + orgId + "/members/" + memberId + "/unlink_retired_email";

        assertError(api.post(path, json()), 400, "missing_required_field");
        assertError(
                api.post(path, json("email_id", emailId, "email_address", "someone-else@acme.test")),
                404,
                "retired_email_not_found");
        assertError(api.post(ORGS + orgId + "/members", json("email_address", oldEmail)), 400, "retired_member_email");
        ApiResponse unlinked = api.post(path, json("email_id", emailId, "email_address", oldEmail.toUpperCase()));
        assertThat(unlinked.status()).as(unlinked.toString()).isEqualTo(200);
        assertThat(unlinked.text("organization_id")).isEqualTo(orgId);
        assertThat(unlinked.body()
                        .path("member")
                        .path("retired_email_addresses")
                        .size())
                .isZero();
        assertThat(api.post(ORGS + orgId + "/members", json("email_address", oldEmail))
                        .status())
                .isEqualTo(200);
        assertError(api.post(path, json("email_id", emailId)), 404, "retired_email_not_found");
    }

    @Test
    void withAMemberSessionAMemberMayRemoveItsOwnFactorsOnlyAndAnAdminAnyonesInItsOrganization() throws Exception {
        String orgId = org();
        JsonNode ada = member(orgId, List.of());
        JsonNode bob = member(orgId, List.of());
        JsonNode admin = member(orgId, List.of("stytch_admin"));
        String bobEmail = bob.path("member").path("email_address").asText();
        givePhone(orgId, id(bob), "+14155550101");
        giveTotp(orgId, id(bob));
        String bobPassword = givePassword(orgId, bobEmail);

        assertError(
                as(ada, "DELETE", ORGS + orgId + "/members/mfa_phone_numbers/" + id(bob)),
                403,
                "session_authorization_error");
        assertError(
                as(ada, "DELETE", ORGS + orgId + "/members/" + id(bob) + "/totp"), 403, "session_authorization_error");
        assertError(
                as(ada, "DELETE", ORGS + orgId + "/members/passwords/" + bobPassword),
                403,
                "session_authorization_error");
        JsonNode bobNow = current(orgId, id(bob));
        assertThat(bobNow.path("mfa_phone_number").asText()).isEqualTo("+14155550101");
        assertThat(bobNow.path("totp_registration_id").asText()).isNotEmpty();
        assertThat(bobNow.path("member_password_id").asText()).isEqualTo(bobPassword);

        // On itself a member acts as stytch.self, which every member may.
        assertThat(as(bob, "DELETE", ORGS + orgId + "/members/mfa_phone_numbers/" + id(bob))
                        .status())
                .isEqualTo(200);
        assertThat(as(bob, "DELETE", ORGS + orgId + "/members/" + id(bob) + "/totp")
                        .status())
                .isEqualTo(200);
        ApiResponse byAdmin = as(admin, "DELETE", ORGS + orgId + "/members/passwords/" + bobPassword);
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
        bobNow = current(orgId, id(bob));
        assertThat(bobNow.path("mfa_phone_number").asText()).isEmpty();
        assertThat(bobNow.path("totp_registration_id").asText()).isEmpty();
        assertThat(bobNow.path("member_password_id").asText()).isEmpty();
    }

    @Test
    void anAdminOfAnotherOrganizationRemovesNothing() throws Exception {
        String a = org();
        String b = org();
        JsonNode adminOfA = member(a, List.of("stytch_admin"));
        JsonNode bob = member(b, List.of());
        givePhone(b, id(bob), "+14155550102");
        String bobPassword =
                givePassword(b, bob.path("member").path("email_address").asText());
        assertError(
                as(adminOfA, "DELETE", ORGS + b + "/members/mfa_phone_numbers/" + id(bob)),
                403,
                "session_authorization_tenancy_error");
        assertError(
                as(adminOfA, "DELETE", ORGS + b + "/members/passwords/" + bobPassword),
                403,
                "session_authorization_tenancy_error");
        assertError(
                as(
                        adminOfA,
                        "POST",
                        ORGS + b + "/members/" + id(bob) + "/unlink_retired_email",
                        json("email_address", "x@acme.test")),
                403,
                "session_authorization_tenancy_error");
        assertThat(current(b, id(bob)).path("mfa_phone_number").asText()).isEqualTo("+14155550102");
        assertThat(current(b, id(bob)).path("member_password_id").asText()).isEqualTo(bobPassword);
    }
}
