package io.latchkey.server.discovery;

import static io.latchkey.server.discovery.DiscoveryWorld.id;
import static io.latchkey.server.discovery.DiscoveryWorld.ok;
import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Turning a discovery intermediate session into a session: joining an organization. */
class DiscoveryExchangeTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static DiscoveryFlow flow;
    static DiscoveryWorld world;

    @BeforeAll
    static void start() {
        flow = new DiscoveryFlow(server);
        world = DiscoveryWorld.build(flow.login(), flow.api());
    }

    static Map<String, List<String>> snapshot() {
        Map<String, List<String>> tables = DbSnapshot.organizationsAndMembers(server);
        tables.putAll(DbSnapshot.of(server.app().database(), "member_sessions", "intermediate_sessions"));
        return tables;
    }

    static JsonNode sessionsOf(String organizationId, String memberId) {
        return ok(flow.api().get("/v1/b2b/sessions?organization_id=" + organizationId + "&member_id=" + memberId))
                .body()
                .path("member_sessions");
    }

    static void assertSession(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isTrue();
        assertThat(r.text("session_token")).matches("[A-Za-z0-9_-]{43}");
        assertThat(r.text("session_jwt")).contains(".");
        assertThat(r.text("intermediate_session_token")).isEmpty();
        assertThat(r.body().path("member_session").path("member_id").asText()).isEqualTo(r.text("member_id"));
        assertThat(r.body().path("member").path("status").asText()).isEqualTo("active");
        assertThat(r.body().path("member").path("email_address_verified").asBoolean())
                .isTrue();
        assertThat(r.body().has("mfa_required")).isFalse();
        ok(flow.api().post("/v1/b2b/sessions/authenticate", json("session_token", r.text("session_token"))));
    }

    @Test
    void exchangeIntoAnActiveMembershipThenASessionWithTheMembersEmailFactor() {
        String ist = flow.ist(world.email());
        Instant now = server.clock().instant();
        // The organization named by its slug, as anywhere an organization id is expected.
        ApiResponse r = flow.exchange(
                ist,
                world.memberOrgSlug(),
                "session_duration_minutes",
                120,
                "session_custom_claims",
                Map.of("plan", "pro"),
                "locale",
                "fr",
                "telemetry_id",
                "ignored");
        assertSession(r);
        assertThat(r.body().path("organization").path("organization_id").asText())
                .isEqualTo(world.memberOrg());
        JsonNode session = r.body().path("member_session");
        assertThat(session.path("custom_claims").path("plan").asText()).isEqualTo("pro");
        assertThat(Duration.between(
                                now, Instant.parse(session.path("expires_at").asText()))
                        .toMinutes())
                .isBetween(119L, 120L);
        JsonNode factors = session.path("authentication_factors");
        assertThat(factors).hasSize(1);
        assertThat(factors.get(0).path("type").asText()).isEqualTo("magic_link");
        assertThat(factors.get(0).path("delivery_method").asText()).isEqualTo("email");
        assertThat(factors.get(0).path("email_factor").path("email_address").asText())
                .isEqualTo(world.email());
        assertThat(factors.get(0).path("email_factor").path("email_id").asText())
                .isEqualTo(world.memberEmailId());
    }

    @Test
    void exchangeConsumesTheIntermediateSession() {
        String ist = flow.ist(world.email());
        assertSession(flow.exchange(ist, world.memberOrg()));
        assertError(flow.exchange(ist, world.memberOrg()), 404, "intermediate_session_not_found");
        assertError(flow.list("intermediate_session_token", ist), 404, "intermediate_session_not_found");
    }

    @Test
    void exchangeWhenTwoRequestsRaceThenExactlyOneWins() throws Exception {
        for (int round = 0; round < 3; round++) {
            String ist = flow.ist(world.email());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiResponse>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Callable<ApiResponse> call = () -> {
                    go.await();
                    return flow.exchange(ist, world.memberOrg());
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiResponse> f : results) {
                statuses.add(f.get().status());
            }
            pool.shutdown();
            assertThat(statuses).containsExactlyInAnyOrder(200, 404);
        }
    }

    @Test
    void exchangeIntoInvitedAndPendingMembershipsActivatesThem() {
        String domain = unique("acme") + ".test";
        String email = unique("ada") + "@" + domain;
        String invited = id(flow.login().organizationAllowing(unique("partner") + ".test"));
        ok(flow.api()
                .post("/v1/b2b/magic_links/email/invite", json("organization_id", invited, "email_address", email)));
        String pending = id(flow.login().organizationAllowing(domain));
        ok(flow.login().loginOrSignup(pending, email));

        ApiResponse intoInvited = flow.exchange(flow.ist(email), invited);
        assertSession(intoInvited);
        ApiResponse intoPending = flow.exchange(flow.ist(email), pending);
        assertSession(intoPending);
        assertThat(ok(flow.api().get("/v1/b2b/organizations/" + pending + "/member?email_address=" + email))
                        .body()
                        .path("member")
                        .path("status")
                        .asText())
                .isEqualTo("active");
    }

    @Test
    void exchangeIntoAnOrganizationOpenByDomainCreatesAnActiveVerifiedMember() {
        String email = unique("ada") + "@" + world.domain();
        ApiResponse r = flow.exchange(flow.ist(email), world.eligibleOrg());
        assertSession(r);
        ApiResponse member =
                ok(flow.api().get("/v1/b2b/organizations/" + world.eligibleOrg() + "/member?email_address=" + email));
        assertThat(member.body().path("member").path("member_id").asText()).isEqualTo(r.text("member_id"));
        assertThat(member.body().path("member").path("status").asText()).isEqualTo("active");
        assertThat(member.body().path("member").path("email_address_verified").asBoolean())
                .isTrue();
        assertThat(member.body().path("member").path("is_admin").asBoolean()).isFalse();
    }

    @Test
    void exchangeIntoAnOrganizationTheEmailMayNotJoinIsRefusedAndChangesNothing() {
        String email = unique("ada") + "@" + world.domain();
        String ist = flow.ist(email);
        String formerMember = flow.ist(world.email());
        Map<String, List<String>> before = snapshot();
        // A deleted membership is no membership: the organization is not open to the domain either.
        assertError(flow.exchange(formerMember, world.deletedOrg()), 403, "invalid_email_for_jit_provisioning");
        assertError(flow.exchange(ist, world.notAllowedOrg()), 403, "email_jit_provisioning_not_allowed");
        assertError(flow.exchange(ist, world.noColleagueOrg()), 403, "invalid_email_for_jit_provisioning");
        assertError(flow.exchange(ist, world.otherDomainOrg()), 403, "invalid_email_for_jit_provisioning");
        assertError(
                flow.exchange(ist, "organization-test-00000000-0000-4000-8000-000000000000"),
                404,
                "organization_not_found");
        assertError(
                flow.exchange(ist, world.memberOrg(), "session_duration_minutes", 1),
                400,
                "invalid_session_duration_minutes");
        assertError(
                flow.exchange(ist, world.eligibleOrg(), "session_custom_claims", Map.of("sub", "x")),
                400,
                "reserved_claims_in_custom_claims");
        assertError(flow.exchange(ist, null), 400, "missing_required_field");
        assertThat(snapshot()).isEqualTo(before);
        // The intermediate session was not spent by any refusal.
        assertSession(flow.exchange(ist, world.eligibleOrg()));
    }

    @Test
    void exchangeIntoAnOrganizationRequiringMfaGivesAnIntermediateSessionAndNoSession() {
        String domain = unique("secure") + ".test";
        String mfaOrg = id(flow.login().organizationAllowing(domain, "mfa_policy", "REQUIRED_FOR_ALL"));
        DiscoveryWorld.verifiedColleague(flow.login(), mfaOrg, domain);
        String email = unique("ada") + "@" + domain;
        String ist = flow.ist(email);

        ApiResponse r = flow.exchange(ist, mfaOrg);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isFalse();
        assertThat(r.text("session_token")).isEmpty();
        assertThat(r.text("session_jwt")).isEmpty();
        assertThat(r.body().has("member_session")).isFalse();
        String next = r.text("intermediate_session_token");
        assertThat(next).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(ist);
        assertThat(r.text("intermediate_session_token_expires_at")).endsWith("Z");
        assertThat(r.body()
                        .path("mfa_required")
                        .path("member_options")
                        .path("mfa_phone_number")
                        .isTextual())
                .isTrue();
        assertThat(r.body().path("member").path("status").asText()).isEqualTo("active");
        assertThat(sessionsOf(mfaOrg, r.text("member_id"))).isEmpty();
        assertThat(server.app()
                        .database()
                        .read(tx -> tx.queryOne(
                                "SELECT COUNT(*) FROM member_sessions WHERE organization_id = ?",
                                rs -> rs.getInt(1),
                                mfaOrg))
                        .orElseThrow())
                .isZero();

        // The new intermediate session is bound to the organization and member.
        assertThat(ok(flow.list("intermediate_session_token", next)).text("organization_id_hint"))
                .isEqualTo(mfaOrg);
        ApiResponse again = flow.exchange(next, mfaOrg);
        assertThat(again.body().path("member_authenticated").asBoolean()).isFalse();
        assertThat(again.text("member_id")).isEqualTo(r.text("member_id"));
    }

    @Test
    void exchangeWhenTheMemberIsEnrolledInMfaThenNoSession() {
        String email = unique("ada") + "@" + unique("acme") + ".test";
        String org = id(flow.login().organizationAllowing(unique("optional") + ".test"));
        ok(flow.api()
                .post("/v1/b2b/organizations/" + org + "/members", json("email_address", email, "mfa_enrolled", true)));
        ApiResponse r = flow.exchange(flow.ist(email), org);
        assertThat(r.body().path("member_authenticated").asBoolean())
                .as(r.toString())
                .isFalse();
        assertThat(r.text("session_token")).isEmpty();
        assertThat(sessionsOf(org, r.text("member_id"))).isEmpty();
    }

    @Test
    void exchangeWhenTheOrganizationDoesNotAcceptMagicLinksThenPrimaryRequiredAndTheMemberUnchanged() {
        String email = unique("ada") + "@" + unique("acme") + ".test";
        String org = id(flow.login()
                .organizationAllowing(
                        unique("strict") + ".test",
                        "auth_methods",
                        "RESTRICTED",
                        "allowed_auth_methods",
                        List.of("sso")));
        ApiResponse created = ok(flow.api()
                .post(
                        "/v1/b2b/organizations/" + org + "/members",
                        json("email_address", email, "create_member_as_pending", true)));
        ApiResponse r = flow.exchange(flow.ist(email), org);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isFalse();
        assertThat(r.text("session_token")).isEmpty();
        assertThat(r.text("intermediate_session_token")).isNotEmpty();
        assertThat(r.body()
                        .path("primary_required")
                        .path("allowed_auth_methods")
                        .toString())
                .isEqualTo("[\"sso\"]");
        assertThat(r.body().path("member").path("status").asText()).isEqualTo("pending");
        assertThat(r.body().path("member").path("email_address_verified").asBoolean())
                .isFalse();
        assertThat(r.body().path("member").path("updated_at").asText())
                .isEqualTo(created.body().path("member").path("updated_at").asText());
    }

    @Test
    void anIntermediateSessionThatGotPrimaryRequiredCannotEnrolASecondFactor() {
        String email = unique("ada") + "@" + unique("acme") + ".test";
        String org = id(flow.login()
                .organizationAllowing(
                        unique("strict") + ".test",
                        "auth_methods",
                        "RESTRICTED",
                        "allowed_auth_methods",
                        List.of("email_otp"),
                        "mfa_policy",
                        "REQUIRED_FOR_ALL"));
        String memberId = ok(flow.api().post("/v1/b2b/organizations/" + org + "/members", json("email_address", email)))
                .body()
                .path("member")
                .path("member_id")
                .asText();
        ApiResponse r = flow.exchange(flow.ist(email), org);
        assertThat(r.body()
                        .path("primary_required")
                        .path("allowed_auth_methods")
                        .toString())
                .isEqualTo("[\"email_otp\"]");
        String ist = r.text("intermediate_session_token");
        assertError(
                flow.api()
                        .post(
                                "/v1/b2b/totp",
                                json("organization_id", org, "member_id", memberId, "intermediate_session_token", ist)),
                400,
                "action_available_only_once_primary_authentication_is_met");
        assertError(
                flow.api()
                        .post(
                                "/v1/b2b/otps/sms/send",
                                json(
                                        "organization_id",
                                        org,
                                        "member_id",
                                        memberId,
                                        "mfa_phone_number",
                                        "+14155550123",
                                        "intermediate_session_token",
                                        ist)),
                400,
                "action_available_only_once_primary_authentication_is_met");
    }

    @Test
    void anIntermediateSessionExpiresAfterTenMinutes() {
        String ist = flow.ist(world.email());
        server.clock().advance(Duration.ofMinutes(11));
        assertError(flow.exchange(ist, world.memberOrg()), 404, "intermediate_session_not_found");
        assertError(flow.create(ist), 404, "intermediate_session_not_found");
    }

    @Test
    void anIntermediateSessionOfProjectAIsUnusableWithProjectBsCredentials() {
        String ist = flow.ist(world.email());
        NewProject other = server.newProject("Other " + unique("p"));
        DiscoveryFlow otherFlow = flow.as(server.clientFor(other));
        String otherOrg = ok(otherFlow.api().post("/v1/b2b/organizations", json("organization_name", "B org")))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        assertError(otherFlow.exchange(ist, otherOrg), 404, "intermediate_session_not_found");
        assertError(otherFlow.exchange(ist, world.memberOrg()), 404, "intermediate_session_not_found");
        assertError(otherFlow.create(ist), 404, "intermediate_session_not_found");
        assertSession(flow.exchange(ist, world.memberOrg()));
    }
}
