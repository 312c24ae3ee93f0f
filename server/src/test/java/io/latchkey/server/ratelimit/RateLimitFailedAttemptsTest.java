package io.latchkey.server.ratelimit;

import static io.latchkey.server.ratelimit.TooManyRequests.assertTooManyRequests;
import static io.latchkey.server.ratelimit.TooManyRequests.counters;
import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.App;
import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.core.IpLiterals;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failed authenticate attempts, counted per client address and per credential. The server
 * trusts 127.0.0.1 as a proxy here, so each test speaks for clients of its own through
 * X-Forwarded-For and the tests do not share an address's count.
 */
class RateLimitFailedAttemptsTest {
    static final RateLimits LIMITS = new RateLimits(
            RateLimits.DEFAULT_EMAIL_SENDS_PER_ADDRESS,
            RateLimits.DEFAULT_SMS_SENDS_PER_PHONE,
            RateLimits.DEFAULT_SENDS_PER_ORGANIZATION,
            RateLimits.DEFAULT_SMS_SENDS_PER_ORGANIZATION,
            RateLimit.of(6, Duration.ofMinutes(1)), // failures per client address
            RateLimit.of(3, Duration.ofMinutes(10)), // failures per credential
            RateLimits.DEFAULT_PROJECT_REQUESTS,
            RateLimits.DEFAULT_PROJECT_LEASE_BLOCK,
            Set.of(IpLiterals.parse("127.0.0.1")));

    static final AtomicInteger CLIENTS = new AtomicInteger(1);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(o -> o.withRateLimits(LIMITS));

    static ApiClient api;
    static LoginFlow flow;
    static MfaFlow mfa;

    @BeforeAll
    static void start() {
        api = server.client();
        mfa = new MfaFlow(server);
        flow = mfa.login();
    }

    /** A client address no other test uses. */
    static String newClient() {
        return "203.0.113." + CLIENTS.getAndIncrement();
    }

    static ApiResponse post(ApiClient client, String from, String path, Object body) {
        return client.send("POST", path, body, Map.of("X-Forwarded-For", from));
    }

    static ApiResponse magicLink(ApiClient client, String from, String token) {
        return post(
                client,
                from,
                "/v1/b2b/magic_links/authenticate",
                json("magic_links_token", token, "session_duration_minutes", 60));
    }

    static ApiResponse session(ApiClient client, String from, String token) {
        return post(client, from, "/v1/b2b/sessions/authenticate", json("session_token", token));
    }

    /** A token never minted, whose first characters no other token shares. */
    static String unknownToken() {
        return java.util.UUID.randomUUID().toString().replace("-", "") + "-never-minted";
    }

    static String mailedToken() {
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String email = MfaFlow.email("acme.test");
        assertThat(flow.loginOrSignup(orgId, email).status()).isEqualTo(200);
        return LoginFlow.tokenOf(flow.awaitLink(email));
    }

    @Test
    void failuresFromOneAddressTripTheLimitButAValidTokenIsNeverRefused() {
        String token = mailedToken();
        String client = newClient();
        for (int i = 0; i < 6; i++) {
            assertError(magicLink(api, client, unknownToken()), 404, "magic_link_not_found");
        }
        long retryAfter = assertTooManyRequests(magicLink(api, client, unknownToken()));
        assertThat(retryAfter).isEqualTo(60);
        // A limit on failures never refuses a credential that checks out.
        assertThat(magicLink(api, client, token).status()).isEqualTo(200);
        assertTooManyRequests(magicLink(api, client, unknownToken()));
        // Another client is not held back.
        assertError(magicLink(api, newClient(), unknownToken()), 404, "magic_link_not_found");

        server.clock().advance(Duration.ofSeconds(retryAfter));
        assertError(magicLink(api, client, unknownToken()), 404, "magic_link_not_found");
    }

    @Test
    void oneTokenTriedAgainFromManyAddressesTripsTheCredentialLimit() {
        String token = unknownToken();
        for (int i = 0; i < 3; i++) {
            assertError(magicLink(api, newClient(), token), 404, "magic_link_not_found");
        }
        long retryAfter = assertTooManyRequests(magicLink(api, newClient(), token));
        assertThat(retryAfter).isEqualTo(600);
        assertThat(magicLink(api, newClient(), token).text("error_message")).contains("with this credential");
        // Another token from the same place is still looked at.
        assertError(magicLink(api, newClient(), unknownToken()), 404, "magic_link_not_found");
    }

    @Test
    void sessionChecksCountOnlyFailuresAndASuccessWritesNothing() {
        ApiResponse login = flow.signUpAndAuthenticate(
                flow.organizationAllowing("acme.test").path("organization_id").asText(), MfaFlow.email("acme.test"));
        String sessionToken = login.text("session_token");
        String sessionJwt = login.text("session_jwt");
        String client = newClient();

        Map<String, List<String>> before = counters(server);
        for (int i = 0; i < 20; i++) {
            assertThat(session(api, client, sessionToken).status()).isEqualTo(200);
        }
        assertThat(post(api, client, "/v1/b2b/sessions/authenticate", json("session_jwt", sessionJwt))
                        .status())
                .isEqualTo(200);
        assertThat(counters(server))
                .as("successful session checks write no counter")
                .isEqualTo(before);

        for (int i = 0; i < 6; i++) {
            assertError(session(api, client, unknownToken()), 404, "session_not_found");
        }
        long retryAfter = assertTooManyRequests(session(api, client, unknownToken()));
        // The live session from the blocked address still checks out, token or JWT.
        assertThat(session(api, client, sessionToken).status()).isEqualTo(200);
        assertThat(post(api, client, "/v1/b2b/sessions/authenticate", json("session_jwt", sessionJwt))
                        .status())
                .isEqualTo(200);
        assertTooManyRequests(session(api, client, unknownToken()));

        server.clock().advance(Duration.ofSeconds(retryAfter));
        assertError(session(api, client, unknownToken()), 404, "session_not_found");
    }

    @Test
    void malformedRequestsAreNotCountedAsFailedAttempts() {
        String client = newClient();
        Map<String, List<String>> before = counters(server);
        for (int i = 0; i < 10; i++) {
            assertThat(post(api, client, "/v1/b2b/magic_links/authenticate", json("magic_links_token", 42))
                            .status())
                    .isEqualTo(400);
            assertThat(post(api, client, "/v1/b2b/sessions/authenticate", "{\"session_token\": ")
                            .status())
                    .isEqualTo(400);
            assertThat(post(api, client, "/v1/b2b/sessions/authenticate", json())
                            .status())
                    .isEqualTo(400);
        }
        assertThat(counters(server)).isEqualTo(before);
        assertError(magicLink(api, client, unknownToken()), 404, "magic_link_not_found");
    }

    @Test
    void discoveryEmailOtpSmsOtpTotpAndRecoveryCodeFailuresAreCountedPerCredential() {
        // Discovery: one unknown token.
        String discoveryToken = unknownToken();
        for (int i = 0; i < 3; i++) {
            assertError(
                    post(
                            api,
                            newClient(),
                            "/v1/b2b/magic_links/discovery/authenticate",
                            json("discovery_magic_links_token", discoveryToken)),
                    404,
                    "magic_link_not_found");
        }
        assertTooManyRequests(post(
                api,
                newClient(),
                "/v1/b2b/magic_links/discovery/authenticate",
                json("discovery_magic_links_token", discoveryToken)));

        // Email OTP: wrong codes for one address.
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String email = MfaFlow.email("acme.test");
        assertThat(api.post(
                                "/v1/b2b/otps/email/login_or_signup",
                                json("organization_id", orgId, "email_address", email))
                        .status())
                .isEqualTo(200);
        String code = mfa.awaitEmailCode(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        Map<String, Object> emailOtp = json("organization_id", orgId, "email_address", email, "code", wrong);
        for (int i = 0; i < 3; i++) {
            assertThat(post(api, newClient(), "/v1/b2b/otps/email/authenticate", emailOtp)
                            .status())
                    .isIn(401, 404);
        }
        assertTooManyRequests(post(api, newClient(), "/v1/b2b/otps/email/authenticate", emailOtp));
        // The right code still logs in.
        assertThat(post(
                                api,
                                newClient(),
                                "/v1/b2b/otps/email/authenticate",
                                json("organization_id", orgId, "email_address", email, "code", code))
                        .status())
                .isEqualTo(200);

        // SMS OTP, TOTP and recovery codes: wrong codes for one member.
        String mfaOrg = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        JsonNode primary = mfa.primaryFactorOnly(mfaOrg, MfaFlow.email("acme.test"));
        String memberId = primary.path("member_id").asText();
        String ist = primary.path("intermediate_session_token").asText();
        assertThat(mfa.sendSms(mfaOrg, memberId, MfaFlow.uniquePhone(), "intermediate_session_token", ist)
                        .status())
                .isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(post(
                                    api,
                                    newClient(),
                                    "/v1/b2b/otps/sms/authenticate",
                                    json(
                                            "organization_id",
                                            mfaOrg,
                                            "member_id",
                                            memberId,
                                            "code",
                                            "00000" + i,
                                            "intermediate_session_token",
                                            ist))
                            .status())
                    .isIn(401, 404);
        }
        assertTooManyRequests(post(
                api,
                newClient(),
                "/v1/b2b/otps/sms/authenticate",
                json(
                        "organization_id",
                        mfaOrg,
                        "member_id",
                        memberId,
                        "code",
                        "00000" + 9,
                        "intermediate_session_token",
                        ist)));
        // No TOTP registration: no code was checked, so nothing is counted and the answer says so.
        assertError(
                post(
                        api,
                        newClient(),
                        "/v1/b2b/totp/authenticate",
                        json(
                                "organization_id",
                                mfaOrg,
                                "member_id",
                                memberId,
                                "code",
                                "123456",
                                "intermediate_session_token",
                                ist)),
                404,
                "totp_not_found");
        assertError(
                post(
                        api,
                        newClient(),
                        "/v1/b2b/recovery_codes/recover",
                        json(
                                "organization_id",
                                mfaOrg,
                                "member_id",
                                memberId,
                                "recovery_code",
                                "abcd-efgh-ijkl",
                                "intermediate_session_token",
                                ist)),
                404,
                "no_active_recovery_code_backed_factor");
    }

    @Test
    void totpAndRecoveryCodeFailuresAreCounted() {
        String mfaOrg = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        String email = MfaFlow.email("acme.test");
        JsonNode primary = mfa.primaryFactorOnly(mfaOrg, email);
        String memberId = primary.path("member_id").asText();
        String ist = primary.path("intermediate_session_token").asText();
        ApiResponse created = api.post(
                "/v1/b2b/totp",
                json("organization_id", mfaOrg, "member_id", memberId, "intermediate_session_token", ist));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String right = MfaFlow.totp(created.text("secret"), server.clock().instant());
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 3; i++) {
            assertError(
                    post(
                            api,
                            newClient(),
                            "/v1/b2b/totp/authenticate",
                            json(
                                    "organization_id",
                                    mfaOrg,
                                    "member_id",
                                    memberId,
                                    "code",
                                    wrong,
                                    "intermediate_session_token",
                                    ist)),
                    401,
                    "unable_to_authenticate_totp");
        }
        assertTooManyRequests(post(
                api,
                newClient(),
                "/v1/b2b/totp/authenticate",
                json(
                        "organization_id",
                        mfaOrg,
                        "member_id",
                        memberId,
                        "code",
                        wrong,
                        "intermediate_session_token",
                        ist)));
        ApiResponse rightCode = post(
                api,
                newClient(),
                "/v1/b2b/totp/authenticate",
                json(
                        "organization_id",
                        mfaOrg,
                        "member_id",
                        memberId,
                        "code",
                        right,
                        "intermediate_session_token",
                        ist));
        assertThat(rightCode.status()).as(rightCode.toString()).isEqualTo(200);

        // Recovery codes share the member's count, now that the TOTP registration is active.
        String next = mfa.newIntermediateSession(mfaOrg, email);
        assertTooManyRequests(post(
                api,
                newClient(),
                "/v1/b2b/recovery_codes/recover",
                json(
                        "organization_id",
                        mfaOrg,
                        "member_id",
                        memberId,
                        "recovery_code",
                        "abcd-efgh-ijkl",
                        "intermediate_session_token",
                        next)));
    }

    /**
     * At the default limits, a visitor flooding the application with a garbage session cookie
     * (every check from the back end's one address) must not cost the real users their logins.
     */
    @Test
    void atTheDefaultsAFloodOfGarbageFromTheApplicationsAddressNeverRefusesALiveSession() {
        try (TestServer defaults = TestServer.start()) {
            ApiClient client = defaults.client();
            LoginFlow login = new LoginFlow(defaults);
            String sessionToken = login.signUpAndAuthenticate(
                            login.organizationAllowing("acme.test")
                                    .path("organization_id")
                                    .asText(),
                            MfaFlow.email("acme.test"))
                    .text("session_token");
            for (int i = 0; i < 320; i++) {
                ApiResponse r = client.post("/v1/b2b/sessions/authenticate", json("session_token", unknownToken()));
                assertThat(r.status()).as("garbage cookie %d", i).isIn(404, 429);
            }
            ApiResponse live = client.post("/v1/b2b/sessions/authenticate", json("session_token", sessionToken));
            assertThat(live.status()).as(live.toString()).isEqualTo(200);
        }
    }

    @Test
    void twoNodesOnOneDatabaseShareTheCounts() {
        App node = server.startNode(o -> o);
        ApiClient other = new ApiClient(TestServer.baseUrlOf(node), server.projectId(), server.secret());
        String client = newClient();
        for (int i = 0; i < 3; i++) {
            assertError(magicLink(api, client, unknownToken()), 404, "magic_link_not_found");
            assertError(session(other, client, unknownToken()), 404, "session_not_found");
        }
        assertTooManyRequests(magicLink(api, client, unknownToken()));
        assertTooManyRequests(magicLink(other, client, unknownToken()));
        assertTooManyRequests(session(api, client, unknownToken()));
        assertTooManyRequests(session(other, client, unknownToken()));
    }

    /**
     * Nobody may spend a member's allowance without reaching the code check: attempts with an
     * unknown intermediate session, or at an address with no code to check, count against the
     * client address only.
     */
    @Test
    void attemptsThatNeverReachTheCodeCheckCostTheMemberNothing() {
        String mfaOrg = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        JsonNode primary = mfa.primaryFactorOnly(mfaOrg, MfaFlow.email("acme.test"));
        String memberId = primary.path("member_id").asText();
        String ist = primary.path("intermediate_session_token").asText();
        String phone = MfaFlow.uniquePhone();
        assertThat(mfa.sendSms(mfaOrg, memberId, phone, "intermediate_session_token", ist)
                        .status())
                .isEqualTo(200);
        String code = mfa.awaitSmsCode(phone);

        for (int i = 0; i < 5; i++) {
            assertError(
                    post(
                            api,
                            newClient(),
                            "/v1/b2b/otps/sms/authenticate",
                            json(
                                    "organization_id",
                                    mfaOrg,
                                    "member_id",
                                    memberId,
                                    "code",
                                    "123456",
                                    "intermediate_session_token",
                                    unknownToken())),
                    404,
                    "intermediate_session_not_found");
        }
        // The member's own wrong guesses start from a whole allowance.
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 2; i++) {
            assertError(
                    post(
                            api,
                            newClient(),
                            "/v1/b2b/otps/sms/authenticate",
                            json(
                                    "organization_id",
                                    mfaOrg,
                                    "member_id",
                                    memberId,
                                    "code",
                                    wrong,
                                    "intermediate_session_token",
                                    ist)),
                    404,
                    "otp_code_not_found");
        }
        ApiResponse right = post(
                api,
                newClient(),
                "/v1/b2b/otps/sms/authenticate",
                json(
                        "organization_id",
                        mfaOrg,
                        "member_id",
                        memberId,
                        "code",
                        code,
                        "intermediate_session_token",
                        ist));
        assertThat(right.status()).as(right.toString()).isEqualTo(200);

        // Email passcodes: an address with no code (and no member) has nothing to check.
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String nobody = MfaFlow.email("acme.test");
        for (int i = 0; i < 5; i++) {
            assertError(
                    post(
                            api,
                            newClient(),
                            "/v1/b2b/otps/email/authenticate",
                            json("organization_id", orgId, "email_address", nobody, "code", "123456")),
                    404,
                    "otp_code_not_found");
        }
    }
}
