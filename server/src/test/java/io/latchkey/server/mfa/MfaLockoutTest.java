package io.latchkey.server.mfa;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.MfaFlow.email;
import static io.latchkey.server.testing.MfaFlow.totp;
import static io.latchkey.server.testing.MfaFlow.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guessing stops: five failed attempts at a factor lock it for ten minutes, the right code is
 * refused meanwhile and accepted afterwards. The clock is moved, never slept on.
 */
class MfaLockoutTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static MfaFlow mfa;

    @BeforeAll
    static void start() {
        api = server.client();
        mfa = new MfaFlow(server);
    }

    /** A member with a pending TOTP registration, stopped at MFA. */
    record Guesser(String organizationId, String memberId, String email, String secret, String ist) {}

    static Guesser guesser() {
        String orgId = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        String email = email("acme.test");
        JsonNode b = mfa.primaryFactorOnly(orgId, email);
        String memberId = b.path("member_id").asText();
        String ist = b.path("intermediate_session_token").asText();
        String secret = api.post(
                        "/v1/b2b/totp",
                        json(
                                "organization_id",
                                orgId,
                                "member_id",
                                memberId,
                                "intermediate_session_token",
                                ist,
                                "expiration_minutes",
                                1440))
                .text("secret");
        return new Guesser(orgId, memberId, email, secret, ist);
    }

    static ApiResponse totpAttempt(Guesser g, String code) {
        return api.post(
                "/v1/b2b/totp/authenticate",
                json(
                        "organization_id",
                        g.organizationId(),
                        "member_id",
                        g.memberId(),
                        "code",
                        code,
                        "intermediate_session_token",
                        g.ist()));
    }

    static String wrong(Guesser g) {
        String right = totp(g.secret(), server.clock().instant());
        return right.equals("000000") ? "000001" : "000000";
    }

    static JsonNode member(Guesser g) {
        return api.get("/v1/b2b/organizations/" + g.organizationId() + "/member?member_id=" + g.memberId())
                .body()
                .path("member");
    }

    @Test
    void aTotpGuessingLoopStopsAfterFiveAndTheRightCodeWorksOnlyAfterTheLock() {
        Guesser g = guesser();
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            outcomes.add(totpAttempt(g, wrong(g)).errorType());
        }
        assertThat(outcomes.subList(0, 5)).containsOnly("unable_to_authenticate_totp");
        assertThat(outcomes.subList(5, 20)).containsOnly("member_locked");

        ApiResponse locked = totpAttempt(g, totp(g.secret(), server.clock().instant()));
        assertError(locked, 429, "member_locked");
        assertThat(locked.body().path("error_details").path("factor").asText()).isEqualTo("totp");
        JsonNode member = member(g);
        assertThat(member.path("is_locked").asBoolean()).isTrue();
        assertThat(member.path("lock_expires_at").asText()).isNotEmpty();
        assertThat(locked.body().path("error_details").path("lock_expires_at").asText())
                .isEqualTo(member.path("lock_expires_at").asText());

        server.clock().advance(MfaAttemptService.LOCK.minusSeconds(30));
        assertError(totpAttempt(g, totp(g.secret(), server.clock().instant())), 429, "member_locked");

        server.clock().advance(Duration.ofSeconds(31));
        String ist = mfa.newIntermediateSession(g.organizationId(), g.email());
        ApiResponse ok = api.post(
                "/v1/b2b/totp/authenticate",
                json(
                        "organization_id",
                        g.organizationId(),
                        "member_id",
                        g.memberId(),
                        "code",
                        totp(g.secret(), server.clock().instant()),
                        "intermediate_session_token",
                        ist));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.body().path("member").path("is_locked").asBoolean()).isFalse();
    }

    @Test
    void aSuccessStartsTheCountOver() {
        Guesser g = guesser();
        for (int i = 0; i < 4; i++) {
            assertError(totpAttempt(g, wrong(g)), 401, "unable_to_authenticate_totp");
        }
        assertThat(totpAttempt(g, totp(g.secret(), server.clock().instant())).status())
                .isEqualTo(200);
        server.clock().advance(Duration.ofSeconds(30));
        String ist = mfa.newIntermediateSession(g.organizationId(), g.email());
        Guesser again = new Guesser(g.organizationId(), g.memberId(), g.email(), g.secret(), ist);
        for (int i = 0; i < 4; i++) {
            assertError(totpAttempt(again, wrong(again)), 401, "unable_to_authenticate_totp");
        }
        assertThat(totpAttempt(again, totp(g.secret(), server.clock().instant()))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void concurrentGuessesNeverExceedTheLimit() throws Exception {
        Guesser g = guesser();
        String wrong = wrong(g);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiResponse>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Callable<ApiResponse> call = () -> {
                go.await();
                return totpAttempt(g, wrong);
            };
            results.add(pool.submit(call));
        }
        go.countDown();
        int checked = 0;
        int locked = 0;
        for (Future<ApiResponse> f : results) {
            String type = f.get().errorType();
            if (type.equals("unable_to_authenticate_totp")) {
                checked++;
            } else if (type.equals("member_locked")) {
                locked++;
            }
        }
        pool.shutdown();
        assertThat(checked).isEqualTo(MfaAttemptService.MAX_ATTEMPTS);
        assertThat(locked).isEqualTo(16 - MfaAttemptService.MAX_ATTEMPTS);
    }

    @Test
    void smsGuessingLocksSmsAndTheRightCodeWorksAfterTheLock() {
        Guesser g = guesser();
        String phone = uniquePhone();
        assertThat(mfa.sendSms(g.organizationId(), g.memberId(), phone, "intermediate_session_token", g.ist())
                        .status())
                .isEqualTo(200);
        String code = mfa.awaitSmsCode(phone);
        String wrong = code.equals("000000") ? "000001" : "000000";
        for (int i = 0; i < 5; i++) {
            assertError(
                    mfa.authenticateSms(g.organizationId(), g.memberId(), wrong, "intermediate_session_token", g.ist()),
                    404,
                    "otp_code_not_found");
        }
        assertError(
                mfa.authenticateSms(g.organizationId(), g.memberId(), code, "intermediate_session_token", g.ist()),
                429,
                "member_locked");
        // Each factor has its own count: TOTP is still open to this member.
        assertThat(totpAttempt(g, totp(g.secret(), server.clock().instant())).status())
                .isEqualTo(200);

        server.clock().advance(MfaAttemptService.LOCK.plusSeconds(1));
        String ist = mfa.newIntermediateSession(g.organizationId(), g.email());
        // The old code expired meanwhile; a new one is accepted.
        mfa.sendSms(g.organizationId(), g.memberId(), null, "intermediate_session_token", ist);
        List<String> codes = mfa.awaitCodes("sms", phone, 2);
        ApiResponse ok =
                mfa.authenticateSms(g.organizationId(), g.memberId(), codes.get(0), "intermediate_session_token", ist);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void recoveryCodeGuessingIsLimitedToo() {
        Guesser g = guesser();
        ApiResponse ok = totpAttempt(g, totp(g.secret(), server.clock().instant()));
        assertThat(ok.status()).isEqualTo(200);
        String ist = mfa.newIntermediateSession(g.organizationId(), g.email());
        for (int i = 0; i < 5; i++) {
            assertError(
                    api.post(
                            "/v1/b2b/recovery_codes/recover",
                            json(
                                    "organization_id",
                                    g.organizationId(),
                                    "member_id",
                                    g.memberId(),
                                    "recovery_code",
                                    "aaaa-bbbb-cccc",
                                    "intermediate_session_token",
                                    ist)),
                    401,
                    "unable_to_authenticate_recovery_code");
        }
        assertError(
                api.post(
                        "/v1/b2b/recovery_codes/recover",
                        json(
                                "organization_id",
                                g.organizationId(),
                                "member_id",
                                g.memberId(),
                                "recovery_code",
                                "aaaa-bbbb-cccc",
                                "intermediate_session_token",
                                ist)),
                429,
                "member_locked");
    }

    @Test
    void emailCodeGuessingIsLimitedToo() {
        String orgId = mfa.login()
                .organizationAllowing("acme.test")
                .path("organization_id")
                .asText();
        String email = email("acme.test");
        api.post("/v1/b2b/otps/email/login_or_signup", json("organization_id", orgId, "email_address", email));
        String code = mfa.awaitEmailCode(email);
        String wrong = code.equals("000000") ? "000001" : "000000";
        for (int i = 0; i < 5; i++) {
            assertError(
                    api.post(
                            "/v1/b2b/otps/email/authenticate",
                            json("organization_id", orgId, "email_address", email, "code", wrong)),
                    404,
                    "otp_code_not_found");
        }
        assertError(
                api.post(
                        "/v1/b2b/otps/email/authenticate",
                        json("organization_id", orgId, "email_address", email, "code", code)),
                429,
                "member_locked");
    }
}
