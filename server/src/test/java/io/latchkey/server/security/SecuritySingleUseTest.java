package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Tokens;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.ErrorAssert;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Single-use tokens and codes stay single-use when many requests spend one at the same instant:
 * exactly one attempt wins, every other gets the contract's refusal, and the database shows one
 * use. Covers magic and discovery links, intermediate sessions (across the routes that consume
 * them, MFA included), TOTP codes, recovery codes, and SMS and email passcodes. Where guesses are
 * limited, a loser may instead find the factor locked (member_locked): the losing attempts count
 * as failed guesses.
 */
class SecuritySingleUseTest {
    private static final int ATTEMPTS = 16;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;
    static MfaFlow mfa;
    static String orgId;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
        mfa = new MfaFlow(server);
        orgId = flow.organizationAllowing("race.test").path("organization_id").asText();
    }

    /** Runs {@code attempts} requests released together; returns their answers. */
    static List<ApiResponse> race(IntFunction<ApiResponse> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ATTEMPTS);
        CountDownLatch ready = new CountDownLatch(ATTEMPTS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ApiResponse>> futures = new ArrayList<>();
            for (int i = 0; i < ATTEMPTS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return attempt.apply(n);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<ApiResponse> answers = new ArrayList<>();
            for (Future<ApiResponse> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    static ApiResponse exactlyOneWinner(List<ApiResponse> answers, int status, String errorType) {
        List<ApiResponse> winners =
                answers.stream().filter(r -> r.status() == 200).toList();
        assertThat(winners).as("winners among %s", answers).hasSize(1);
        answers.stream().filter(r -> r.status() != 200).forEach(r -> ErrorAssert.assertError(r, status, errorType));
        return winners.get(0);
    }

    /** Exactly one 200; every other answer is the contract's error shape with one of {@code errorTypes}. */
    static ApiResponse exactlyOneWinnerAmong(List<ApiResponse> answers, Set<String> errorTypes) {
        List<ApiResponse> winners =
                answers.stream().filter(r -> r.status() == 200).toList();
        assertThat(winners).as("winners among %s", answers).hasSize(1);
        answers.stream().filter(r -> r.status() != 200).forEach(r -> {
            assertThat(errorTypes).as("%s", r).contains(r.errorType());
            assertThat(r.status()).as("%s", r).isBetween(400, 499);
            assertThat(r.body().path("status_code").asInt()).isEqualTo(r.status());
        });
        return winners.get(0);
    }

    static long count(String sql, Object... params) {
        return server.app().database().read(tx -> tx.queryLong(sql, params));
    }

    private static String newLink(String email, int linksSoFar) {
        return LoginFlow.tokenOf(flow.awaitLinks(email, linksSoFar).get(0));
    }

    @Test
    void aMagicLinkAuthenticatesExactlyOnceUnderConcurrentAttempts() throws Exception {
        String email = LoginFlow.unique("ml") + "@race.test";
        flow.loginOrSignup(orgId, email);
        String token = newLink(email, 1);

        ApiResponse winner = exactlyOneWinner(
                race(i -> api.post("/v1/b2b/magic_links/authenticate", json("magic_links_token", token))),
                401,
                "unable_to_auth_magic_link");

        String memberId = winner.text("member_id");
        assertThat(count("SELECT COUNT(*) FROM member_sessions WHERE member_id = ?", memberId))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT COUNT(*) FROM magic_links WHERE token_hash = ? AND used_at IS NOT NULL",
                        Tokens.hash(token)))
                .isEqualTo(1);
    }

    @Test
    void aDiscoveryLinkAuthenticatesExactlyOnceUnderConcurrentAttempts() throws Exception {
        String email = LoginFlow.unique("dl") + "@race.test";
        api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
        String token = newLink(email, 1);

        exactlyOneWinner(
                race(i -> api.post(
                        "/v1/b2b/magic_links/discovery/authenticate", json("discovery_magic_links_token", token))),
                401,
                "unable_to_auth_magic_link");

        assertThat(count("SELECT COUNT(*) FROM intermediate_sessions WHERE email_address = ?", email))
                .isEqualTo(1);
    }

    @Test
    void anIntermediateSessionIsExchangedExactlyOnceUnderConcurrentAttempts() throws Exception {
        String email = LoginFlow.unique("ist") + "@race.test";
        String memberId = flow.signUpAndAuthenticate(orgId, email).text("member_id");
        api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
        String ist = api.post(
                        "/v1/b2b/magic_links/discovery/authenticate",
                        json("discovery_magic_links_token", newLink(email, 2)))
                .text("intermediate_session_token");
        long sessionsBefore = count("SELECT COUNT(*) FROM member_sessions WHERE member_id = ?", memberId);

        exactlyOneWinner(
                race(i -> api.post(
                        "/v1/b2b/discovery/intermediate_sessions/exchange",
                        json("intermediate_session_token", ist, "organization_id", orgId))),
                404,
                "intermediate_session_not_found");

        assertThat(count("SELECT COUNT(*) FROM member_sessions WHERE member_id = ?", memberId))
                .isEqualTo(sessionsBefore + 1);
        assertThat(count(
                        "SELECT COUNT(*) FROM intermediate_sessions WHERE token_hash = ? AND consumed_at IS NOT NULL",
                        Tokens.hash(ist)))
                .isEqualTo(1);
    }

    @Test
    void anIntermediateSessionCreatesExactlyOneOrganizationUnderConcurrentAttempts() throws Exception {
        String email = LoginFlow.unique("founder") + "@race-create.test";
        api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
        String ist = api.post(
                        "/v1/b2b/magic_links/discovery/authenticate",
                        json("discovery_magic_links_token", newLink(email, 1)))
                .text("intermediate_session_token");
        long organizationsBefore = count("SELECT COUNT(*) FROM organizations");

        exactlyOneWinner(
                race(i -> api.post(
                        "/v1/b2b/discovery/organizations/create",
                        json(
                                "intermediate_session_token",
                                ist,
                                "organization_name",
                                "Race " + i,
                                "organization_slug",
                                LoginFlow.unique("race-" + i)))),
                404,
                "intermediate_session_not_found");

        assertThat(count("SELECT COUNT(*) FROM organizations")).isEqualTo(organizationsBefore + 1);
    }

    @Test
    void anIntermediateSessionJoinedToAMagicLinkIsSpentOnceAcrossDifferentRoutes() throws Exception {
        // The same intermediate session offered at once to the exchange and to magic-link
        // authenticate (which consumes it too): one of them, and only one, may spend it.
        String email = LoginFlow.unique("mix") + "@race.test";
        flow.signUpAndAuthenticate(orgId, email);
        api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
        String ist = api.post(
                        "/v1/b2b/magic_links/discovery/authenticate",
                        json("discovery_magic_links_token", newLink(email, 2)))
                .text("intermediate_session_token");
        List<String> links = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS / 2; i++) {
            flow.loginOrSignup(orgId, email);
            links.add(newLink(email, 3 + i));
        }

        List<ApiResponse> answers = race(i -> i % 2 == 0
                ? api.post(
                        "/v1/b2b/discovery/intermediate_sessions/exchange",
                        json("intermediate_session_token", ist, "organization_id", orgId))
                : api.post(
                        "/v1/b2b/magic_links/authenticate",
                        json("magic_links_token", links.get(i / 2), "intermediate_session_token", ist)));

        assertThat(answers.stream().filter(r -> r.status() == 200))
                .as("%s", answers)
                .hasSize(1);
        answers.stream()
                .filter(r -> r.status() != 200)
                .forEach(r -> ErrorAssert.assertError(r, 404, "intermediate_session_not_found"));
    }

    /** A member of the race organization, signed up by magic link: its id and live session token. */
    private static String[] memberWithSession(String prefix) {
        ApiResponse login = flow.signUpAndAuthenticate(orgId, LoginFlow.unique(prefix) + "@race.test");
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return new String[] {login.text("member_id"), login.text("session_token")};
    }

    @Test
    void aTotpCodeIsAcceptedExactlyOnceUnderConcurrentAttempts() throws Exception {
        String[] m = memberWithSession("totp");
        ApiResponse created =
                api.post("/v1/b2b/totp", json("organization_id", orgId, "member_id", m[0], "session_token", m[1]));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String code = MfaFlow.totp(created.text("secret"), server.clock().instant());

        exactlyOneWinnerAmong(
                race(i -> api.post(
                        "/v1/b2b/totp/authenticate",
                        json("organization_id", orgId, "member_id", m[0], "code", code, "session_token", m[1]))),
                Set.of("totp_code_already_authenticated", "member_locked"));

        assertThat(count(
                        "SELECT COUNT(*) FROM totp_registrations WHERE member_id = ? AND status = 'active'"
                                + " AND last_used_step IS NOT NULL",
                        m[0]))
                .isEqualTo(1);
    }

    @Test
    void aRecoveryCodeIsSpentExactlyOnceUnderConcurrentAttempts() throws Exception {
        String[] m = memberWithSession("rc");
        ApiResponse migrated = api.post(
                "/v1/b2b/totp/migrate",
                json("organization_id", orgId, "member_id", m[0], "secret", "JBSWY3DPEHPK3PXP"));
        assertThat(migrated.status()).as(migrated.toString()).isEqualTo(200);
        String code = migrated.body().path("recovery_codes").get(0).asText();

        exactlyOneWinnerAmong(
                race(i -> api.post(
                        "/v1/b2b/recovery_codes/recover",
                        json(
                                "organization_id",
                                orgId,
                                "member_id",
                                m[0],
                                "recovery_code",
                                code,
                                "session_token",
                                m[1]))),
                Set.of("unable_to_authenticate_recovery_code", "member_locked"));

        assertThat(count("SELECT COUNT(*) FROM recovery_codes WHERE member_id = ? AND used_at IS NOT NULL", m[0]))
                .isEqualTo(1);
    }

    @Test
    void anSmsCodeIsAcceptedExactlyOnceUnderConcurrentAttempts() throws Exception {
        String[] m = memberWithSession("sms");
        String phone = MfaFlow.uniquePhone();
        ApiResponse sent = mfa.sendSms(orgId, m[0], phone, "session_token", m[1]);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String code = mfa.awaitSmsCode(phone);

        exactlyOneWinnerAmong(
                race(i -> mfa.authenticateSms(orgId, m[0], code, "session_token", m[1])),
                Set.of("unable_to_auth_otp_code", "member_locked"));

        assertThat(count("SELECT COUNT(*) FROM otp_codes WHERE member_id = ? AND used_at IS NOT NULL", m[0]))
                .isEqualTo(1);
    }

    @Test
    void anEmailCodeSignsInExactlyOnceUnderConcurrentAttempts() throws Exception {
        String email = LoginFlow.unique("eotp") + "@race.test";
        ApiResponse sent =
                api.post("/v1/b2b/otps/email/login_or_signup", json("organization_id", orgId, "email_address", email));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String code = mfa.awaitEmailCode(email);

        ApiResponse winner = exactlyOneWinnerAmong(
                race(i -> api.post(
                        "/v1/b2b/otps/email/authenticate",
                        json("organization_id", orgId, "email_address", email, "code", code))),
                Set.of("unable_to_auth_otp_code", "member_locked"));

        assertThat(count("SELECT COUNT(*) FROM member_sessions WHERE member_id = ?", winner.text("member_id")))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT COUNT(*) FROM otp_codes WHERE member_id = ? AND used_at IS NOT NULL",
                        winner.text("member_id")))
                .isEqualTo(1);
    }

    @Test
    void anMfaIntermediateSessionCompletesMfaOnceAcrossTotpAndRecoveryCodes() throws Exception {
        // One login waiting for MFA, offered at once to TOTP (one right code) and to recovery codes
        // (eight different right codes): the intermediate session may be spent once only.
        String mfaOrg =
                mfa.mfaOrganization("race-mfa.test").path("organization_id").asText();
        String email = LoginFlow.unique("ist-mfa") + "@race-mfa.test";
        com.fasterxml.jackson.databind.JsonNode login = mfa.primaryFactorOnly(mfaOrg, email);
        String memberId = login.path("member_id").asText();
        String ist = login.path("intermediate_session_token").asText();
        ApiResponse migrated = api.post(
                "/v1/b2b/totp/migrate",
                json("organization_id", mfaOrg, "member_id", memberId, "secret", "JBSWY3DPEHPK3PXP"));
        assertThat(migrated.status()).as(migrated.toString()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        migrated.body().path("recovery_codes").forEach(c -> codes.add(c.asText()));
        String totp = MfaFlow.totp("JBSWY3DPEHPK3PXP", server.clock().instant());

        exactlyOneWinnerAmong(
                race(i -> i % 2 == 0
                        ? api.post(
                                "/v1/b2b/totp/authenticate",
                                json(
                                        "organization_id",
                                        mfaOrg,
                                        "member_id",
                                        memberId,
                                        "code",
                                        totp,
                                        "intermediate_session_token",
                                        ist))
                        : api.post(
                                "/v1/b2b/recovery_codes/recover",
                                json(
                                        "organization_id",
                                        mfaOrg,
                                        "member_id",
                                        memberId,
                                        "recovery_code",
                                        codes.get(i / 2),
                                        "intermediate_session_token",
                                        ist))),
                Set.of("intermediate_session_not_found", "totp_code_already_authenticated", "member_locked"));

        assertThat(count("SELECT COUNT(*) FROM member_sessions WHERE member_id = ?", memberId))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT COUNT(*) FROM intermediate_sessions WHERE token_hash = ? AND consumed_at IS NOT NULL",
                        Tokens.hash(ist)))
                .isEqualTo(1);
    }
}
