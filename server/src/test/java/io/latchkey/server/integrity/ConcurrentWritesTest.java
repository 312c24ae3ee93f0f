package io.latchkey.server.integrity;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import io.latchkey.server.testing.TestServices;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Integrity under concurrent writes: calls that each read a member, an organization or a session,
 * change it and write it back, released together by a barrier, end as if they had run one after
 * the other in some order. Each scenario is repeated on a fresh row; for each, the final state is
 * checked against every serial order of the calls that were acknowledged (and the refusals
 * against the states a serial order passes through). On PostgreSQL (READ COMMITTED) these fail
 * when the rows are read without a lock; SQLite runs writers one at a time and passes either way.
 */
class ConcurrentWritesTest {
    private static final String ORGS = "/v1/b2b/organizations";
    private static final int TRIALS = 3;
    /** Requests released together in most scenarios. */
    private static final int REQUESTS = 10;
    /** The organization metadata merges. */
    private static final int MERGES = 20;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;
    static String orgId;
    static ExecutorService pool;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
        orgId = flow.organizationAllowing("integrity.test")
                .path("organization_id")
                .asText();
        pool = Executors.newFixedThreadPool(MERGES);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @Test
    void aDeletedMemberStaysDeletedWhenUpdatesRaceTheDeletion() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            String id = newMember(json("name", "Original"));
            List<Supplier<ApiResponse>> calls = new ArrayList<>();
            calls.add(() -> api.delete(member(id)));
            for (int i = 1; i < REQUESTS; i++) {
                String name = "Name " + i;
                calls.add(() -> api.put(member(id), json("name", name)));
            }
            List<ApiResponse> answers = together(calls);

            assertThat(answers.get(0).status()).as(answers.get(0).toString()).isEqualTo(200);
            // Serially: the updates acknowledged came before the deletion, the others found no member.
            Set<String> acknowledgedNames = new HashSet<>();
            for (ApiResponse r : answers.subList(1, answers.size())) {
                if (r.status() == 200) {
                    assertThat(r.body().path("member").path("status").asText()).isEqualTo("active");
                    acknowledgedNames.add(r.body().path("member").path("name").asText());
                } else {
                    assertRefused(r, 404, "member_not_found");
                }
            }
            JsonNode stored = storedMember(id);
            assertThat(stored.path("status").asText())
                    .as("trial %d: %s", trial, outcomes(answers))
                    .isEqualTo("deleted");
            assertThat(acknowledgedNames.isEmpty() ? Set.of("Original") : acknowledgedNames)
                    .as("trial %d", trial)
                    .contains(stored.path("name").asText());
        }
    }

    @Test
    void aRoleRemovalIsKeptWhenMetadataChangesRaceIt() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            String id = newMember(json("roles", List.of("stytch_admin")));
            List<Supplier<ApiResponse>> calls = new ArrayList<>();
            calls.add(() -> api.put(member(id), json("roles", List.of("stytch_member"))));
            for (int i = 1; i < REQUESTS; i++) {
                String key = "key" + i;
                calls.add(() -> api.put(member(id), json("untrusted_metadata", json(key, "value"))));
            }
            List<ApiResponse> answers = together(calls);

            // No serial order refuses any of them.
            answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            assertThat(roleIds(answers.get(0).body().path("member"))).containsExactly("stytch_member");
            JsonNode stored = storedMember(id);
            assertThat(roleIds(stored)).as("trial %d", trial).containsExactly("stytch_member");
            assertThat(stored.path("is_admin").asBoolean()).isFalse();
            assertThat(keys(stored.path("untrusted_metadata")))
                    .as("trial %d", trial)
                    .isEqualTo(keys("key", REQUESTS - 1));
        }
    }

    @Test
    void anOrganizationKeepsItsMfaPolicyWhenNameChangesRaceIt() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            String org = newOrganization();
            List<Supplier<ApiResponse>> calls = new ArrayList<>();
            calls.add(() -> api.put(ORGS + "/" + org, json("mfa_policy", "REQUIRED_FOR_ALL")));
            for (int i = 1; i < REQUESTS; i++) {
                String name = "Renamed " + i;
                calls.add(() -> api.put(ORGS + "/" + org, json("organization_name", name)));
            }
            List<ApiResponse> answers = together(calls);

            answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            Set<String> names = new HashSet<>();
            answers.subList(1, answers.size())
                    .forEach(r -> names.add(r.body()
                            .path("organization")
                            .path("organization_name")
                            .asText()));
            JsonNode stored = api.get(ORGS + "/" + org).body().path("organization");
            assertThat(stored.path("mfa_policy").asText()).as("trial %d", trial).isEqualTo("REQUIRED_FOR_ALL");
            assertThat(names)
                    .as("trial %d", trial)
                    .contains(stored.path("organization_name").asText());
        }
    }

    @Test
    void parallelTrustedMetadataMergesKeepEveryKey() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            String org = newOrganization();
            List<Supplier<ApiResponse>> calls = new ArrayList<>();
            for (int i = 1; i <= MERGES; i++) {
                String key = "key" + i;
                calls.add(() -> api.put(ORGS + "/" + org, json("trusted_metadata", json(key, "value"))));
            }
            List<ApiResponse> answers = together(calls);

            answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            JsonNode stored = api.get(ORGS + "/" + org).body().path("organization");
            assertThat(keys(stored.path("trusted_metadata")))
                    .as("trial %d", trial)
                    .isEqualTo(keys("key", MERGES));
        }
    }

    @Test
    void reactivationsAndDeletionsRacingEndAsSomeSerialOrderOfThem() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            String id = newMember(json());
            TestServices services = server.services();
            services.database()
                    .useTransaction(
                            tx -> services.members().activateWithVerifiedEmail(tx, server.project(), orgId, id));
            List<Supplier<ApiResponse>> calls = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                calls.add(
                        i % 2 == 0 ? () -> api.delete(member(id)) : () -> api.put(member(id) + "/reactivate", json()));
            }
            List<ApiResponse> answers = together(calls);

            // A serial order alternates successful deletions and reactivations, starting from an active
            // member with a deletion; a refused deletion found it deleted, a refused reactivation active.
            int deletions = 0;
            int reactivations = 0;
            for (int i = 0; i < answers.size(); i++) {
                ApiResponse r = answers.get(i);
                boolean deletion = i % 2 == 0;
                if (r.status() == 200) {
                    if (deletion) {
                        deletions++;
                    } else {
                        reactivations++;
                        assertThat(r.body().path("member").path("status").asText())
                                .isEqualTo("active");
                    }
                } else if (deletion) {
                    assertRefused(r, 404, "member_not_found");
                } else {
                    assertRefused(r, 404, "no_deleted_member_found_for_reactivation");
                }
            }
            assertThat(deletions - reactivations)
                    .as("trial %d: %s", trial, outcomes(answers))
                    .isBetween(0, 1);
            assertThat(deletions)
                    .as("trial %d: a deletion is refused only after one succeeded", trial)
                    .isPositive();
            String expected = deletions > reactivations ? "deleted" : "active";
            assertThat(storedMember(id).path("status").asText())
                    .as("trial %d", trial)
                    .isEqualTo(expected);
        }
    }

    @Test
    void totpAndPhoneEnrolmentsAreKeptWhenMemberUpdatesRaceThem() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            // Two members: one that enrols TOTP, one that enrols a phone (a member with TOTP may not
            // add a phone without a session that completed it), each updated by the others meanwhile.
            String totpMember = newMember(json());
            String phoneMember = newMember(json());
            String phone = MfaFlow.uniquePhone();
            List<Supplier<ApiResponse>> calls = new ArrayList<>();
            // RFC 6238's SHA-1 test secret.
            calls.add(() -> api.post(
                    "/v1/b2b/totp/migrate",
                    json(
                            "organization_id",
                            orgId,
                            "member_id",
                            totpMember,
                            "secret",
                            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
                            "recovery_codes",
                            List.of("alpha-one"))));
            calls.add(() -> api.post(
                    "/v1/b2b/otps/sms/send",
                    json("organization_id", orgId, "member_id", phoneMember, "mfa_phone_number", phone)));
            for (int i = 2; i < REQUESTS; i++) {
                String key = "key" + i;
                String id = i % 2 == 0 ? totpMember : phoneMember;
                calls.add(() -> api.put(member(id), json("untrusted_metadata", json(key, "value"))));
            }
            List<ApiResponse> answers = together(calls);

            answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            JsonNode withTotp = storedMember(totpMember);
            assertThat(withTotp.path("totp_registration_id").asText())
                    .as("trial %d", trial)
                    .isEqualTo(answers.get(0).text("totp_registration_id"));
            JsonNode withPhone = storedMember(phoneMember);
            assertThat(withPhone.path("mfa_phone_number").asText())
                    .as("trial %d", trial)
                    .isEqualTo(phone);
            Set<String> totpKeys = new TreeSet<>();
            Set<String> phoneKeys = new TreeSet<>();
            for (int i = 2; i < REQUESTS; i++) {
                (i % 2 == 0 ? totpKeys : phoneKeys).add("key" + i);
            }
            assertThat(keys(withTotp.path("untrusted_metadata")))
                    .as("trial %d", trial)
                    .isEqualTo(totpKeys);
            assertThat(keys(withPhone.path("untrusted_metadata")))
                    .as("trial %d", trial)
                    .isEqualTo(phoneKeys);
        }
    }

    @Test
    void parallelSessionClaimMergesKeepEveryClaim() throws Exception {
        ApiResponse login = flow.signUpAndAuthenticate(orgId, MfaFlow.email("integrity.test"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String token = login.text("session_token");
        Set<String> expected = new TreeSet<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            List<Supplier<ApiResponse>> calls = new ArrayList<>();
            for (int i = 1; i <= REQUESTS; i++) {
                String claim = "claim" + trial + "_" + i;
                expected.add(claim);
                calls.add(() -> api.post(
                        "/v1/b2b/sessions/authenticate",
                        json("session_token", token, "session_custom_claims", json(claim, "value"))));
            }
            List<ApiResponse> answers = together(calls);

            answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            JsonNode session = api.post("/v1/b2b/sessions/authenticate", json("session_token", token))
                    .body()
                    .path("member_session");
            assertThat(keys(session.path("custom_claims")))
                    .as("trial %d", trial)
                    .isEqualTo(expected);
        }
    }

    @Test
    void recoveryCodeRotationsLeaveTheCodesOfOneOfThem() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            String id = newMember(json());
            ApiResponse migrated = api.post(
                    "/v1/b2b/totp/migrate",
                    json("organization_id", orgId, "member_id", id, "secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
            assertThat(migrated.status()).as(migrated.toString()).isEqualTo(200);
            List<Supplier<ApiResponse>> calls = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                calls.add(() ->
                        api.post("/v1/b2b/recovery_codes/rotate", json("organization_id", orgId, "member_id", id)));
            }
            List<ApiResponse> answers = together(calls);

            // Serially, each rotation replaces every code: the last one's codes are all that work.
            answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            List<Set<String>> issued = answers.stream()
                    .map(r -> strings(r.body().path("recovery_codes")))
                    .toList();
            Set<String> stored = strings(
                    api.get("/v1/b2b/recovery_codes/" + orgId + "/" + id).body().path("recovery_codes"));
            assertThat(issued).as("trial %d", trial).contains(stored);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Runs the calls on as many threads, released together by a barrier; their answers in order. */
    static List<ApiResponse> together(List<Supplier<ApiResponse>> calls) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(calls.size());
        List<Future<ApiResponse>> futures = new ArrayList<>();
        for (Supplier<ApiResponse> call : calls) {
            futures.add(pool.submit(() -> {
                barrier.await(30, TimeUnit.SECONDS);
                return call.get();
            }));
        }
        List<ApiResponse> answers = new ArrayList<>();
        for (Future<ApiResponse> f : futures) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    static String newMember(Map<String, Object> fields) {
        Map<String, Object> body = json("email_address", MfaFlow.email("integrity.test"));
        body.putAll(fields);
        ApiResponse r = api.post(ORGS + "/" + orgId + "/members", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("member").path("member_id").asText();
    }

    static String newOrganization() {
        ApiResponse r = api.post(ORGS, json("organization_name", "Original", "mfa_policy", "OPTIONAL"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("organization").path("organization_id").asText();
    }

    static String member(String memberId) {
        return ORGS + "/" + orgId + "/members/" + memberId;
    }

    /** The member as stored, deleted or not. */
    static JsonNode storedMember(String memberId) {
        ApiResponse r = api.get(ORGS + "/members/dangerously_get/" + memberId + "?include_deleted=true");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("member");
    }

    static List<String> roleIds(JsonNode member) {
        List<String> out = new ArrayList<>();
        member.path("roles").forEach(r -> out.add(r.path("role_id").asText()));
        return out;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    static Set<String> keys(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static Set<String> keys(String prefix, int count) {
        Set<String> out = new TreeSet<>();
        for (int i = 1; i <= count; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    /** Each answer as its status and error type, for failure messages. */
    static List<String> outcomes(List<ApiResponse> answers) {
        return answers.stream()
                .map(r -> r.status() == 200 ? "200" : r.status() + " " + r.errorType())
                .toList();
    }

    static void assertRefused(ApiResponse r, int status, String errorType) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.errorType()).as(r.toString()).isEqualTo(errorType);
    }
}
