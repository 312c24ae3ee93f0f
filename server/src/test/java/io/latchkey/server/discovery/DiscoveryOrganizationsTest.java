package io.latchkey.server.discovery;

import static io.latchkey.server.discovery.DiscoveryFlow.discovered;
import static io.latchkey.server.discovery.DiscoveryFlow.discoveredIds;
import static io.latchkey.server.discovery.DiscoveryWorld.id;
import static io.latchkey.server.discovery.DiscoveryWorld.ok;
import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which organizations discovery shows, and whether the factors at hand are enough for each. */
class DiscoveryOrganizationsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static DiscoveryFlow flow;
    static DiscoveryWorld world;

    @BeforeAll
    static void start() {
        flow = new DiscoveryFlow(server);
        world = DiscoveryWorld.build(flow.login(), flow.api());
    }

    @Test
    void authenticateShowsMembershipsInvitesAndOrganizationsOpenByDomainAndNothingElse() {
        ApiResponse r = flow.discover(world.email());
        assertThat(discoveredIds(r))
                .containsExactlyInAnyOrder(
                        world.memberOrg(), world.pendingOrg(), world.invitedOrg(), world.eligibleOrg());
        // Memberships come before organizations the email could join.
        assertThat(discoveredIds(r).get(3)).isEqualTo(world.eligibleOrg());

        assertMembership(discovered(r, world.memberOrg()), "active_member", "active");
        assertMembership(discovered(r, world.pendingOrg()), "pending_member", "pending");
        assertMembership(discovered(r, world.invitedOrg()), "invited_member", "invited");

        JsonNode eligible = discovered(r, world.eligibleOrg());
        assertThat(eligible.path("member_authenticated").asBoolean()).isTrue();
        assertThat(eligible.path("membership").path("type").asText()).isEqualTo("eligible_to_join_by_email_domain");
        assertThat(eligible.path("membership").path("details").path("domain").asText())
                .isEqualTo(world.domain());
        assertThat(eligible.path("membership").path("member").isMissingNode()).isTrue();
        assertThat(eligible.path("organization").path("organization_name").asText())
                .isNotEmpty();
        assertThat(eligible.has("mfa_required")).isFalse();
        assertThat(eligible.has("primary_required")).isFalse();
    }

    private static void assertMembership(JsonNode d, String type, String status) {
        assertThat(d.path("member_authenticated").asBoolean()).as(d.toString()).isTrue();
        assertThat(d.path("membership").path("type").asText()).isEqualTo(type);
        assertThat(d.path("membership").path("member").path("status").asText()).isEqualTo(status);
        assertThat(d.path("membership").path("member").path("email_address").asText())
                .isEqualTo(world.email());
        assertThat(d.path("membership").has("details")).isFalse();
        assertThat(d.path("organization").path("organization_id").asText())
                .isEqualTo(d.path("membership")
                        .path("member")
                        .path("organization_id")
                        .asText());
    }

    @Test
    void listWithTheIntermediateSessionShowsTheSameAndDoesNotConsumeIt() {
        ApiResponse authenticated = flow.discover(world.email());
        String ist = authenticated.text("intermediate_session_token");
        ApiResponse first = ok(flow.list("intermediate_session_token", ist));
        ApiResponse second = ok(flow.list("intermediate_session_token", ist));
        assertThat(first.text("email_address")).isEqualTo(world.email());
        assertThat(first.body().has("organization_id_hint")).isFalse();
        assertThat(discoveredIds(first)).containsExactlyInAnyOrderElementsOf(discoveredIds(authenticated));
        assertThat(discoveredIds(second)).isEqualTo(discoveredIds(first));
        assertThat(flow.exchange(ist, world.memberOrg()).status()).isEqualTo(200);
    }

    @Test
    void listWithAMemberSessionShowsMembershipsOnly() {
        ApiResponse byToken = ok(flow.list("session_token", world.sessionToken()));
        assertThat(byToken.text("email_address")).isEqualTo(world.email());
        assertThat(discoveredIds(byToken))
                .containsExactlyInAnyOrder(world.memberOrg(), world.pendingOrg(), world.invitedOrg());
        assertThat(byToken.body().has("organization_id_hint")).isFalse();
        assertThat(discovered(byToken, world.memberOrg())
                        .path("member_authenticated")
                        .asBoolean())
                .isTrue();

        String jwt = ok(flow.api().post("/v1/b2b/sessions/authenticate", json("session_token", world.sessionToken())))
                .text("session_jwt");
        ApiResponse byJwt = ok(flow.list("session_jwt", jwt));
        assertThat(discoveredIds(byJwt)).containsExactlyInAnyOrderElementsOf(discoveredIds(byToken));
    }

    @Test
    void listNeedsExactlyOneKnownToken() {
        assertError(flow.list(), 400, "no_session_arguments");
        assertError(
                flow.list("intermediate_session_token", "a", "session_token", "b"), 400, "too_many_session_arguments");
        assertError(flow.list("intermediate_session_token", "x".repeat(43)), 404, "intermediate_session_not_found");
        assertError(flow.list("session_token", "x".repeat(43)), 404, "session_not_found");
    }

    @Test
    void whenTheOrganizationRequiresMfaThenNotAuthenticatedAndMfaRequired() {
        String domain = unique("secure") + ".test";
        String email = unique("ada") + "@" + domain;
        String mfaOrg = id(flow.login().organizationAllowing(domain, "mfa_policy", "REQUIRED_FOR_ALL"));
        DiscoveryWorld.verifiedColleague(flow.login(), mfaOrg, domain);
        // An organization without MFA, where the member itself is enrolled.
        String enrolledOrg = id(flow.login().organizationAllowing(unique("optional") + ".test"));
        ok(flow.api()
                .post(
                        "/v1/b2b/organizations/" + enrolledOrg + "/members",
                        json("email_address", email, "mfa_enrolled", true, "mfa_phone_number", "+14155550123")));

        ApiResponse r = flow.discover(email);
        JsonNode eligible = discovered(r, mfaOrg);
        assertThat(eligible.path("member_authenticated").asBoolean()).isFalse();
        assertThat(eligible.path("mfa_required")
                        .path("member_options")
                        .path("mfa_phone_number")
                        .asText())
                .isEmpty();
        assertThat(eligible.path("mfa_required")
                        .path("member_options")
                        .path("totp_registration_id")
                        .isTextual())
                .isTrue();
        assertThat(eligible.has("primary_required")).isFalse();

        JsonNode enrolled = discovered(r, enrolledOrg);
        assertThat(enrolled.path("member_authenticated").asBoolean()).isFalse();
        assertThat(enrolled.path("mfa_required")
                        .path("member_options")
                        .path("mfa_phone_number")
                        .asText())
                .isEqualTo("+14155550123");
    }

    @Test
    void whenTheOrganizationDoesNotAcceptMagicLinksThenPrimaryRequiredExceptForBreakGlassMembers() {
        String email = unique("ada") + "@" + unique("strict") + ".test";
        String strict = id(flow.login()
                .organizationAllowing(
                        unique("strict") + ".test",
                        "auth_methods",
                        "RESTRICTED",
                        "allowed_auth_methods",
                        List.of("sso", "email_otp")));
        ok(flow.api().post("/v1/b2b/organizations/" + strict + "/members", json("email_address", email)));
        String breakGlass = id(flow.login()
                .organizationAllowing(
                        unique("strict") + ".test",
                        "auth_methods",
                        "RESTRICTED",
                        "allowed_auth_methods",
                        List.of("sso")));
        ok(flow.api()
                .post(
                        "/v1/b2b/organizations/" + breakGlass + "/members",
                        json("email_address", email, "is_breakglass", true)));

        ApiResponse r = flow.discover(email);
        JsonNode d = discovered(r, strict);
        assertThat(d.path("member_authenticated").asBoolean()).isFalse();
        assertThat(d.path("primary_required").path("allowed_auth_methods").toString())
                .isEqualTo("[\"sso\",\"email_otp\"]");
        assertThat(discovered(r, breakGlass).path("member_authenticated").asBoolean())
                .isTrue();
    }

    @Test
    void anOrganizationBoundIntermediateSessionNamesItsOrganizationAsTheHint() {
        String domain = unique("secure") + ".test";
        String mfaOrg = id(flow.login().organizationAllowing(domain, "mfa_policy", "REQUIRED_FOR_ALL"));
        String email = unique("ada") + "@" + domain;
        ApiResponse login = flow.login().signUpAndAuthenticate(mfaOrg, email);
        String ist = login.text("intermediate_session_token");
        assertThat(ist).isNotEmpty();
        ApiResponse r = ok(flow.list("intermediate_session_token", ist));
        assertThat(r.text("organization_id_hint")).isEqualTo(mfaOrg);
        assertThat(discovered(r, mfaOrg).path("member_authenticated").asBoolean())
                .isFalse();
    }

    @Test
    void deletedMembersNeverShow() {
        ApiResponse r = flow.discover(world.email());
        assertThat(discoveredIds(r)).doesNotContain(world.deletedOrg());
        for (JsonNode d : r.body().path("discovered_organizations")) {
            assertThat(d.path("membership").path("member").path("status").asText())
                    .isNotEqualTo("deleted");
        }
    }

    @Test
    void anIntermediateSessionExpiresAfterTenMinutes() {
        String ist = flow.ist(world.email());
        server.clock().advance(Duration.ofMinutes(9));
        ok(flow.list("intermediate_session_token", ist));
        server.clock().advance(Duration.ofMinutes(2));
        assertError(flow.list("intermediate_session_token", ist), 404, "intermediate_session_not_found");
    }

    @Test
    void anIntermediateSessionOfProjectAIsUnknownToProjectB() {
        String ist = flow.ist(world.email());
        NewProject other = server.newProject("Other " + unique("p"));
        assertError(
                flow.as(server.clientFor(other)).list("intermediate_session_token", ist),
                404,
                "intermediate_session_not_found");
        ok(flow.list("intermediate_session_token", ist));
    }
}
