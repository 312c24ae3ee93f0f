package io.latchkey.server.recoverycode;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.MfaFlow.email;
import static io.latchkey.server.testing.MfaFlow.totp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Recovery codes over HTTP: each works once, get shows the unused ones, rotate replaces them. */
class RecoveryCodesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static MfaFlow mfa;

    @BeforeAll
    static void start() {
        api = server.client();
        mfa = new MfaFlow(server);
    }

    /** A member with an active TOTP registration, logged in again and stopped at MFA. */
    record Enrolled(String organizationId, String memberId, String email, List<String> codes) {
        String freshIst() {
            return mfa.newIntermediateSession(organizationId, email);
        }
    }

    static Enrolled enrolled(Object... organizationSettings) {
        String orgId = mfa.mfaOrganization("acme.test", organizationSettings)
                .path("organization_id")
                .asText();
        String email = email("acme.test");
        JsonNode b = mfa.primaryFactorOnly(orgId, email);
        String memberId = b.path("member_id").asText();
        String ist = b.path("intermediate_session_token").asText();
        ApiResponse created = api.post(
                "/v1/b2b/totp",
                json("organization_id", orgId, "member_id", memberId, "intermediate_session_token", ist));
        ApiResponse ok = api.post(
                "/v1/b2b/totp/authenticate",
                json(
                        "organization_id",
                        orgId,
                        "member_id",
                        memberId,
                        "code",
                        totp(created.text("secret"), server.clock().instant()),
                        "intermediate_session_token",
                        ist));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        created.body().path("recovery_codes").forEach(c -> codes.add(c.asText()));
        return new Enrolled(orgId, memberId, email, codes);
    }

    static ApiResponse recover(Enrolled e, String code, Object... tokens) {
        return api.post(
                "/v1/b2b/recovery_codes/recover",
                MfaFlow.with(
                        json("organization_id", e.organizationId(), "member_id", e.memberId(), "recovery_code", code),
                        tokens));
    }

    static ApiResponse get(Enrolled e) {
        return api.get("/v1/b2b/recovery_codes/" + e.organizationId() + "/" + e.memberId());
    }

    @Test
    void recoverCompletesMfaOnceAndTheCodeIsThenSpent() {
        Enrolled e = enrolled();
        String ist = e.freshIst();
        ApiResponse r = recover(e, e.codes().get(3), "intermediate_session_token", ist);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("recovery_codes_remaining").asInt()).isEqualTo(9);
        assertThat(r.text("session_token")).isNotEmpty();
        JsonNode factors = r.body().path("member_session").path("authentication_factors");
        assertThat(factors).hasSize(2);
        assertThat(factors.get(0).path("type").asText()).isEqualTo("magic_link");
        assertThat(factors.get(1).path("type").asText()).isEqualTo("recovery_codes");
        assertThat(factors.get(1).path("delivery_method").asText()).isEqualTo("recovery_code");
        assertThat(factors.get(1)
                        .path("recovery_code_factor")
                        .path("totp_recovery_code_id")
                        .asText())
                .startsWith("recovery-code-test-");

        assertError(
                recover(e, e.codes().get(3), "intermediate_session_token", e.freshIst()),
                401,
                "unable_to_authenticate_recovery_code");
        assertError(
                recover(e, e.codes().get(3), "intermediate_session_token", ist), 404, "intermediate_session_not_found");
        assertThat(get(e).body().path("recovery_codes")).hasSize(9);
    }

    @Test
    void aCodeMayBeTypedInCapitalsWithoutHyphens() {
        Enrolled e = enrolled();
        String typed = e.codes().get(0).replace("-", " ").toUpperCase(Locale.ROOT);
        ApiResponse r = recover(e, typed, "intermediate_session_token", e.freshIst());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertError(recover(e, "", "intermediate_session_token", e.freshIst()), 400, "invalid_recovery_code");
    }

    @Test
    void getShowsTheUnusedCodesAndRotateReplacesThemAll() {
        Enrolled e = enrolled();
        ApiResponse got = get(e);
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        List<String> shown = new ArrayList<>();
        got.body().path("recovery_codes").forEach(c -> shown.add(c.asText()));
        assertThat(shown).isEqualTo(e.codes());
        assertThat(got.text("member_id")).isEqualTo(e.memberId());
        assertThat(got.body().path("organization").path("organization_id").asText())
                .isEqualTo(e.organizationId());

        ApiResponse rotated = api.post(
                "/v1/b2b/recovery_codes/rotate",
                json("organization_id", e.organizationId(), "member_id", e.memberId()));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        List<String> fresh = new ArrayList<>();
        rotated.body().path("recovery_codes").forEach(c -> fresh.add(c.asText()));
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(e.codes());
        assertError(
                recover(e, e.codes().get(0), "intermediate_session_token", e.freshIst()),
                401,
                "unable_to_authenticate_recovery_code");
        assertThat(recover(e, fresh.get(0), "intermediate_session_token", e.freshIst())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void twoRequestsRacingWithOneCodeGetOneSession() throws Exception {
        Enrolled e = enrolled();
        for (int round = 0; round < 3; round++) {
            String code = e.codes().get(round);
            List<String> ists = List.of(e.freshIst(), e.freshIst());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiResponse>> results = new ArrayList<>();
            for (String ist : ists) {
                Callable<ApiResponse> call = () -> {
                    go.await();
                    return recover(e, code, "intermediate_session_token", ist);
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiResponse> f : results) {
                statuses.add(f.get().status());
            }
            pool.shutdown();
            assertThat(statuses).containsExactlyInAnyOrder(200, 401);
        }
    }

    @Test
    void withoutActiveTotpThereAreNoRecoveryCodes() {
        String orgId = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        JsonNode b = mfa.primaryFactorOnly(orgId, email("acme.test"));
        String memberId = b.path("member_id").asText();
        assertError(
                api.get("/v1/b2b/recovery_codes/" + orgId + "/" + memberId),
                404,
                "no_active_recovery_code_backed_factor");
        assertError(
                api.post("/v1/b2b/recovery_codes/rotate", json("organization_id", orgId, "member_id", memberId)),
                404,
                "no_active_recovery_code_backed_factor");
        assertError(
                api.post(
                        "/v1/b2b/recovery_codes/recover",
                        json(
                                "organization_id",
                                orgId,
                                "member_id",
                                memberId,
                                "recovery_code",
                                "abcd-efgh-ijkl",
                                "intermediate_session_token",
                                b.path("intermediate_session_token").asText())),
                404,
                "no_active_recovery_code_backed_factor");
    }

    @Test
    void recoverNeedsExactlyOneSessionArgument() {
        Enrolled e = enrolled();
        assertError(recover(e, e.codes().get(0)), 400, "no_session_arguments");
    }

    @Test
    void anOrganizationRestrictedToSmsRefusesRecoveryCodes() {
        Enrolled e = enrolled();
        ApiResponse updated = api.put(
                "/v1/b2b/organizations/" + e.organizationId(),
                json("mfa_methods", "RESTRICTED", "allowed_mfa_methods", List.of("sms_otp")));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertError(
                recover(e, e.codes().get(0), "intermediate_session_token", e.freshIst()),
                403,
                "operation_restricted_by_organization_mfa_methods");
    }

    @Test
    void codesAreNeverStoredInClear() {
        Enrolled e = enrolled();
        String rows = DbSnapshot.of(server.app().database(), "recovery_codes").toString();
        assertThat(rows).contains(e.memberId());
        for (String code : e.codes()) {
            assertThat(rows).doesNotContain(code).doesNotContain(code.replace("-", ""));
        }
    }
}
