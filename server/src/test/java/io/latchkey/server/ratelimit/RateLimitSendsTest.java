package io.latchkey.server.ratelimit;

import static io.latchkey.server.ratelimit.TooManyRequests.assertTooManyRequests;
import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.App;
import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Limits on magic-link, email OTP and SMS sends, per address, per phone and per organization. */
class RateLimitSendsTest {
    static final RateLimits LIMITS = new RateLimits(
            RateLimit.of(3, Duration.ofMinutes(10)), // emails per address
            RateLimit.of(2, Duration.ofMinutes(10)), // SMS per phone
            RateLimit.of(8, Duration.ofHours(1)), // sends per organization
            RateLimit.of(3, Duration.ofHours(1)), // SMS per organization
            RateLimits.DEFAULT_FAILED_AUTH_PER_IP,
            RateLimits.DEFAULT_FAILED_AUTH_PER_CREDENTIAL,
            RateLimits.DEFAULT_PROJECT_REQUESTS,
            RateLimits.DEFAULT_PROJECT_LEASE_BLOCK,
            Set.of());

    @RegisterExtension
    static final TestServer server = TestServer.perClass(o -> o.withRateLimits(LIMITS));

    static ApiClient api;
    static MfaFlow mfa;
    static LoginFlow flow;

    @BeforeAll
    static void start() {
        api = server.client();
        mfa = new MfaFlow(server);
        flow = mfa.login();
    }

    static String organization() {
        return flow.organizationAllowing("acme.test").path("organization_id").asText();
    }

    static ApiResponse magicLink(ApiClient client, String orgId, String email) {
        return client.post(
                "/v1/b2b/magic_links/email/login_or_signup", json("organization_id", orgId, "email_address", email));
    }

    static ApiResponse emailOtp(String orgId, String email) {
        return api.post("/v1/b2b/otps/email/login_or_signup", json("organization_id", orgId, "email_address", email));
    }

    /**
     * What a send writes. Of the outbox only the number of messages: the outbox sender updates
     * delivered rows in the background.
     */
    static Map<String, List<String>> sendState() {
        Map<String, List<String>> state = new java.util.HashMap<>(
                DbSnapshot.of(server.app().database(), "members", "magic_links", "otp_codes", "rate_limit_counters"));
        state.put(
                "mail_outbox",
                List.of(Long.toString(
                        server.app().database().read(tx -> tx.queryLong("SELECT COUNT(*) FROM mail_outbox")))));
        return state;
    }

    @Test
    void emailsToOneAddressStopAtTheLimitWithA429ThatChangesNothingAndRecoverWhenTheWindowEnds() {
        String orgId = organization();
        String email = MfaFlow.email("acme.test");
        assertThat(magicLink(api, orgId, email).status()).isEqualTo(200);
        assertThat(emailOtp(orgId, email).status()).isEqualTo(200);
        assertThat(magicLink(api, orgId, email.toUpperCase()).status()).isEqualTo(200);

        Map<String, List<String>> before = sendState();
        long retryAfter = assertTooManyRequests(magicLink(api, orgId, email));
        assertThat(retryAfter).isEqualTo(600);
        assertTooManyRequests(emailOtp(orgId, email));
        assertTooManyRequests(api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email)));
        assertThat(sendState()).isEqualTo(before);

        // Another address is not held back by this one.
        assertThat(magicLink(api, orgId, MfaFlow.email("acme.test")).status()).isEqualTo(200);

        server.clock().advance(Duration.ofSeconds(retryAfter));
        assertThat(magicLink(api, orgId, email).status()).isEqualTo(200);
    }

    @Test
    void discoveryEmailsCountPerAddressToo() {
        String email = MfaFlow.email("acme.test");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email))
                            .status())
                    .isEqualTo(200);
        }
        assertTooManyRequests(api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email)));
    }

    @Test
    void sendsForOneOrganizationStopAtTheLimitWhateverTheAddress() {
        String orgId = organization();
        for (int i = 0; i < 8; i++) {
            ApiResponse r = i % 2 == 0
                    ? magicLink(api, orgId, MfaFlow.email("acme.test"))
                    : emailOtp(orgId, MfaFlow.email("acme.test"));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        String newcomer = MfaFlow.email("acme.test");
        Map<String, List<String>> before = sendState();
        long retryAfter = assertTooManyRequests(magicLink(api, orgId, newcomer));
        assertThat(retryAfter).isEqualTo(3600);
        // The refused sign-up created no member.
        assertThat(sendState()).isEqualTo(before);
        // Another organization has its own count.
        assertThat(magicLink(api, organization(), newcomer).status()).isEqualTo(200);

        server.clock().advance(Duration.ofHours(1));
        assertThat(magicLink(api, orgId, newcomer).status()).isEqualTo(200);
    }

    @Test
    void smsToOnePhoneNumberStopAtTheLimit() {
        String orgId = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        String email = MfaFlow.email("acme.test");
        var primary = mfa.primaryFactorOnly(orgId, email);
        String memberId = primary.path("member_id").asText();
        String ist = primary.path("intermediate_session_token").asText();
        String phone = MfaFlow.uniquePhone();
        assertThat(mfa.sendSms(orgId, memberId, phone, "intermediate_session_token", ist)
                        .status())
                .isEqualTo(200);
        assertThat(mfa.sendSms(orgId, memberId, phone, "intermediate_session_token", ist)
                        .status())
                .isEqualTo(200);

        Map<String, List<String>> before = sendState();
        long retryAfter = assertTooManyRequests(mfa.sendSms(orgId, memberId, phone, "intermediate_session_token", ist));
        assertThat(retryAfter).isEqualTo(600);
        assertThat(sendState()).isEqualTo(before);

        server.clock().advance(Duration.ofSeconds(retryAfter));
        String fresh = mfa.newIntermediateSession(orgId, email);
        assertThat(mfa.sendSms(orgId, memberId, phone, "intermediate_session_token", fresh)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void smsForOneOrganizationStopAtTheLimitWhateverTheNumber() {
        String orgId = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        for (int i = 0; i < 4; i++) {
            var primary = mfa.primaryFactorOnly(orgId, MfaFlow.email("acme.test"));
            ApiResponse r = mfa.sendSms(
                    orgId,
                    primary.path("member_id").asText(),
                    MfaFlow.uniquePhone(),
                    "intermediate_session_token",
                    primary.path("intermediate_session_token").asText());
            if (i < 3) {
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
            } else {
                assertThat(r.text("error_message")).contains("text messages were sent for this organization");
                assertTooManyRequests(r);
            }
        }
    }

    @Test
    void twoNodesOnOneDatabaseShareTheCounts() {
        App node = server.startNode(o -> o);
        ApiClient other = new ApiClient(TestServer.baseUrlOf(node), server.projectId(), server.secret());
        String orgId = organization();
        String email = MfaFlow.email("acme.test");
        assertThat(magicLink(api, orgId, email).status()).isEqualTo(200);
        assertThat(magicLink(other, orgId, email).status()).isEqualTo(200);
        assertThat(magicLink(other, orgId, email).status()).isEqualTo(200);

        assertTooManyRequests(magicLink(api, orgId, email));
        assertTooManyRequests(magicLink(other, orgId, email));
    }

    @Test
    void concurrentSendsOnTwoNodesNeverPassTheLimit() throws Exception {
        App node = server.startNode(o -> o);
        ApiClient other = new ApiClient(TestServer.baseUrlOf(node), server.projectId(), server.secret());
        String orgId = organization();
        String email = MfaFlow.email("acme.test");
        // The member exists first: concurrent sign-ups of one new address race on creating it.
        assertThat(magicLink(api, orgId, email).status()).isEqualTo(200);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<ApiResponse>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ApiClient client = i % 2 == 0 ? api : other;
                answers.add(pool.submit(() -> magicLink(client, orgId, email)));
            }
            int sent = 0;
            for (java.util.concurrent.Future<ApiResponse> answer : answers) {
                ApiResponse r = answer.get();
                if (r.status() == 200) {
                    sent++;
                } else {
                    assertTooManyRequests(r);
                }
            }
            assertThat(sent).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
