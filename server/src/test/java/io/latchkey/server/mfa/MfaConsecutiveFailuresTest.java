package io.latchkey.server.mfa;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.MfaFlow.email;
import static io.latchkey.server.testing.MfaFlow.totp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow guessing: a window that restarts after each lock must not restart the count. Consecutive
 * failures per member and factor are cleared only by a success; each lock is longer than the
 * last, and at 100 (NIST SP 800-63B) the factor stays locked until a recovery code or an admin
 * unlocks it.
 */
class MfaConsecutiveFailuresTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static MfaFlow mfa;

    @BeforeAll
    static void start() {
        api = server.client();
        mfa = new MfaFlow(server);
    }

    /** A member with an active TOTP registration, and its recovery codes. */
    record Enrolled(String organizationId, String memberId, String email, String secret, List<String> recoveryCodes) {}

    static Enrolled enrolled() {
        String orgId = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        String email = email("acme.test");
        JsonNode b = mfa.primaryFactorOnly(orgId, email);
        String memberId = b.path("member_id").asText();
        String ist = b.path("intermediate_session_token").asText();
        ApiResponse created = api.post(
                "/v1/b2b/totp",
                json("organization_id", orgId, "member_id", memberId, "intermediate_session_token", ist));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        created.body().path("recovery_codes").forEach(c -> codes.add(c.asText()));
        Enrolled e = new Enrolled(orgId, memberId, email, created.text("secret"), codes);
        ApiResponse first = totpAttempt(e, ist, right(e));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        server.clock().advance(Duration.ofSeconds(30));
        return e;
    }

    static String right(Enrolled e) {
        return totp(e.secret(), server.clock().instant());
    }

    static String wrong(Enrolled e) {
        return right(e).equals("000000") ? "000001" : "000000";
    }

    static ApiResponse totpAttempt(Enrolled e, String ist, String code) {
        return api.post(
                "/v1/b2b/totp/authenticate",
                json(
                        "organization_id",
                        e.organizationId(),
                        "member_id",
                        e.memberId(),
                        "code",
                        code,
                        "intermediate_session_token",
                        ist));
    }

    static JsonNode member(Enrolled e) {
        return api.get("/v1/b2b/organizations/" + e.organizationId() + "/member?member_id=" + e.memberId())
                .body()
                .path("member");
    }

    /** Guesses wrong until the factor locks; returns the lock's expiry. */
    static Instant guessUntilLocked(Enrolled e, int guesses) {
        String ist = mfa.newIntermediateSession(e.organizationId(), e.email());
        for (int i = 0; i < guesses; i++) {
            assertError(totpAttempt(e, ist, wrong(e)), 401, "unable_to_authenticate_totp");
        }
        ApiResponse locked = totpAttempt(e, ist, right(e));
        assertError(locked, 429, "member_locked");
        return Instant.parse(
                locked.body().path("error_details").path("lock_expires_at").asText());
    }

    /** The lock was set at the last wrong guess, a moment of the test clock before it is read. */
    static void assertAbout(Duration actual, Duration expected) {
        assertThat(actual).isBetween(expected.minusSeconds(5), expected);
    }

    @Test
    void locksGrowWithTheStreakAndTheHundredthFailureLocksUntilARecoveryCode() {
        Enrolled e = enrolled();
        List<Duration> locks = new ArrayList<>();
        int failures = 0;
        Instant until = null;
        while (failures < 100) {
            until = guessUntilLocked(e, 5);
            failures += 5;
            if (failures < 100) {
                locks.add(Duration.between(server.clock().instant(), until));
                server.clock()
                        .advance(Duration.between(server.clock().instant(), until)
                                .plusSeconds(1));
            }
        }
        assertAbout(locks.get(0), Duration.ofMinutes(10));
        assertAbout(locks.get(1), Duration.ofMinutes(20));
        for (int i = 1; i < locks.size(); i++) {
            assertThat(locks.get(i)).as("lock %d", i).isGreaterThanOrEqualTo(locks.get(i - 1));
        }
        assertAbout(locks.get(locks.size() - 1), Duration.ofHours(24));
        assertThat(until).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(member(e).path("is_locked").asBoolean()).isTrue();

        // No amount of waiting lifts it.
        server.clock().advance(Duration.ofDays(60));
        String ist = mfa.newIntermediateSession(e.organizationId(), e.email());
        assertError(totpAttempt(e, ist, right(e)), 429, "member_locked");

        // A recovery code does, for every factor of the member.
        ApiResponse recovered = api.post(
                "/v1/b2b/recovery_codes/recover",
                json(
                        "organization_id",
                        e.organizationId(),
                        "member_id",
                        e.memberId(),
                        "recovery_code",
                        e.recoveryCodes().get(0),
                        "intermediate_session_token",
                        ist));
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        assertThat(recovered.body().path("member").path("is_locked").asBoolean())
                .isFalse();
        ApiResponse ok = totpAttempt(e, mfa.newIntermediateSession(e.organizationId(), e.email()), right(e));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void onlyASuccessClearsTheStreak() {
        Enrolled e = enrolled();
        guessUntilLocked(e, 5);
        server.clock().advance(Duration.ofMinutes(10).plusSeconds(1));
        // The window restarted, the streak did not: the next lock is longer.
        Instant second = guessUntilLocked(e, 5);
        assertAbout(Duration.between(server.clock().instant(), second), Duration.ofMinutes(20));
        server.clock().advance(Duration.ofMinutes(20).plusSeconds(1));

        ApiResponse ok = totpAttempt(e, mfa.newIntermediateSession(e.organizationId(), e.email()), right(e));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        server.clock().advance(Duration.ofSeconds(30));
        Instant afterSuccess = guessUntilLocked(e, 5);
        assertAbout(Duration.between(server.clock().instant(), afterSuccess), Duration.ofMinutes(10));
    }

    @Test
    void anAdminDeletingAndReactivatingTheMemberUnlocksIt() {
        Enrolled e = enrolled();
        guessUntilLocked(e, 5);
        String path = "/v1/b2b/organizations/" + e.organizationId() + "/members/" + e.memberId();
        assertThat(api.delete(path).status()).isEqualTo(200);
        ApiResponse back = api.put(path + "/reactivate", json());
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.body().path("member").path("is_locked").asBoolean()).isFalse();
        ApiResponse ok = totpAttempt(e, mfa.newIntermediateSession(e.organizationId(), e.email()), right(e));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }
}
