package io.latchkey.server.password;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guessing passwords: failures fill the email's window in the organization, after which that
 * email is refused (the right password too) until the window ends; an unknown email is treated
 * exactly the same, and every refusal for a wrong or absent password costs one hash, so neither
 * the answers nor the work tell whether a member exists.
 */
class PasswordGuessingTest {
    static final int LIMIT = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Pattern HASHES = Pattern.compile("(?m)^latchkey_password_hashes_total(?:\\{[^}]*})? (\\S+)$");

    static final RateLimits LIMITS = limits();

    @RegisterExtension
    static final TestServer server = TestServer.perClass(o -> o.withRateLimits(LIMITS));

    static ApiClient api;
    static LoginFlow flow;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
    }

    /** The defaults, with a per-credential window of {@value #LIMIT} failures. */
    static RateLimits limits() {
        RateLimits d = RateLimits.defaults();
        return new RateLimits(
                d.emailSendsPerAddress(),
                d.smsSendsPerPhone(),
                d.sendsPerOrganization(),
                d.smsSendsPerOrganization(),
                d.failedAuthPerIp(),
                RateLimit.of(LIMIT, WINDOW),
                d.projectRequests(),
                d.projectLeaseBlock(),
                d.trustedProxies(),
                d.sdkSendsPerIp());
    }

    static String org() {
        return flow.organizationAllowing("acme.test").path("organization_id").asText();
    }

    static String email() {
        return LoginFlow.unique("guess") + "@acme.test";
    }

    static void memberWithPassword(String orgId, String email) {
        PasswordTest.memberWithPassword(api, flow, orgId, email, PasswordTest.GOOD);
    }

    static ApiResponse authenticate(String orgId, String email, String password) {
        return api.post(
                "/v1/b2b/passwords/authenticate",
                json("organization_id", orgId, "email_address", email, "password", password));
    }

    /** Hashes the server has computed so far, from its metrics. */
    static double hashes() {
        Matcher m = HASHES.matcher(api.as(null, null).get("/metrics").rawBody());
        assertThat(m.find()).as("latchkey_password_hashes_total in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void afterTheWindowFillsEvenTheRightPasswordIsRefusedUntilTheWindowEnds() {
        String orgId = org();
        String email = email();
        memberWithPassword(orgId, email);
        for (int i = 0; i < LIMIT; i++) {
            assertError(authenticate(orgId, email, "Wrong-Horse-" + i), 401, "unauthorized_credentials");
        }
        double before = hashes();
        ApiResponse refused = authenticate(orgId, email, PasswordTest.GOOD);
        assertError(refused, 429, "too_many_requests");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(hashes()).as("a refused attempt computes no hash").isEqualTo(before);
        assertError(
                api.post(
                        "/v1/b2b/passwords/existing_password/reset",
                        json(
                                "organization_id",
                                orgId,
                                "email_address",
                                email,
                                "existing_password",
                                PasswordTest.GOOD,
                                "new_password",
                                "Another-Horse-8")),
                429,
                "too_many_requests");

        server.clock().advance(WINDOW.plusSeconds(1));
        ApiResponse ok = authenticate(orgId, email, PasswordTest.GOOD);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void failuresCountTogetherWhetherTheOrganizationIsNamedByIdOrBySlug() {
        var organization = flow.organizationAllowing("acme.test");
        String orgId = organization.path("organization_id").asText();
        String slug = organization.path("organization_slug").asText();
        String email = email();
        memberWithPassword(orgId, email);
        for (int i = 0; i < LIMIT; i++) {
            assertError(
                    authenticate(i % 2 == 0 ? orgId : slug, email, "Wrong-Horse-" + i),
                    401,
                    "unauthorized_credentials");
        }
        assertError(authenticate(slug, email, PasswordTest.GOOD), 429, "too_many_requests");
        assertError(authenticate(orgId, email, PasswordTest.GOOD), 429, "too_many_requests");
    }

    @Test
    void anUnknownEmailIsAnsweredAndLockedExactlyLikeAKnownOne() {
        String orgId = org();
        String stranger = email();
        for (int i = 0; i < LIMIT; i++) {
            assertError(authenticate(orgId, stranger, PasswordTest.GOOD), 401, "unauthorized_credentials");
        }
        assertError(authenticate(orgId, stranger, PasswordTest.GOOD), 429, "too_many_requests");
    }

    @Test
    void aWrongPasswordAnUnknownEmailAndAMemberWithoutPasswordEachCostOneHash() {
        String orgId = org();
        String email = email();
        memberWithPassword(orgId, email);
        String withoutPassword = email();
        assertThat(flow.signUpAndAuthenticate(orgId, withoutPassword).status()).isEqualTo(200);

        double start = hashes();
        assertError(authenticate(orgId, email, "Wrong-Horse-1"), 401, "unauthorized_credentials");
        assertThat(hashes() - start).as("wrong password").isEqualTo(1.0);
        double known = hashes();
        assertError(authenticate(orgId, email(), PasswordTest.GOOD), 401, "unauthorized_credentials");
        assertThat(hashes() - known)
                .as("unknown email: the dummy hash still runs")
                .isEqualTo(1.0);
        double none = hashes();
        assertError(authenticate(orgId, withoutPassword, PasswordTest.GOOD), 401, "unauthorized_credentials");
        assertThat(hashes() - none).as("member without a password").isEqualTo(1.0);
        double discovery = hashes();
        assertError(
                api.post(
                        "/v1/b2b/passwords/discovery/authenticate",
                        json("email_address", email(), "password", PasswordTest.GOOD)),
                401,
                "unauthorized_credentials");
        assertThat(hashes() - discovery).as("discovery, unknown email").isEqualTo(1.0);
    }

    @Test
    void aLoneSurrogateInAPasswordIsRefusedBeforeAnyHash() {
        String orgId = org();
        String email = email();
        memberWithPassword(orgId, email);
        double before = hashes();
        // Hashed as UTF-8, "\ud800" would become "?": two passwords, one hash.
        String body = "{\"organization_id\":\"" + orgId + "\",\"email_address\":\"" + email
                + "\",\"password\":\"Correct-Horse-\\ud800\"}";
        ApiResponse r = api.post("/v1/b2b/passwords/authenticate", body);
        assertError(r, 400, "invalid_argument");
        assertThat(r.text("error_message")).contains("surrogate");
        assertError(
                api.post("/v1/b2b/passwords/strength_check", "{\"password\":\"abc\\udc00def\"}"),
                400,
                "invalid_argument");
        assertThat(hashes()).isEqualTo(before);
        // A well-formed pair (an emoji) is a fine password.
        ApiResponse emoji =
                api.post("/v1/b2b/passwords/strength_check", "{\"password\":\"Correct-Horse-\\ud83d\\ude00\"}");
        assertThat(emoji.status()).as(emoji.toString()).isEqualTo(200);
    }
}
