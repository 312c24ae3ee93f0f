package io.latchkey.server.frontend;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A public token is all it takes to call /sdk/v1, so what makes Latchkey send mail or texts is
 * counted per client address there (LATCHKEY_RATE_LIMIT_SDK_SENDS_PER_IP), across the send calls;
 * the backend's own routes, whose caller holds the secret, are not.
 */
class FrontendSdkSendLimitTest {
    static final String ORIGIN = "http://localhost:3000";

    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            o -> o.withRateLimits(RateLimits.defaults().withSdkSendsPerIp(RateLimit.of(3, Duration.ofMinutes(10)))));

    static String orgId;

    @BeforeAll
    static void start() {
        server.app().projects().addAuthorizedOrigin(server.projectId(), ORIGIN);
        orgId = new LoginFlow(server)
                .organizationAllowing("limit.test")
                .path("organization_id")
                .asText();
    }

    static ApiResponse sdk(String path, Object body) {
        String basic = Base64.getEncoder()
                .encodeToString((server.publicToken() + ":" + server.publicToken()).getBytes(StandardCharsets.UTF_8));
        return server.client()
                .as(null, null)
                .send(
                        "POST",
                        "/sdk/v1" + path,
                        body,
                        Map.of("Authorization", "Basic " + basic, "Origin", ORIGIN, "X-SDK-Parent-Host", ORIGIN));
    }

    static String email() {
        return LoginFlow.unique("m") + "@limit.test";
    }

    @Test
    void sendsFromOneAddressAreCountedAcrossTheSendCallsAndRefusedPastTheLimit() {
        assertThat(sdk(
                                "/b2b/magic_links/email/login_or_signup",
                                json("organization_id", orgId, "email_address", email()))
                        .status())
                .isEqualTo(200);
        assertThat(sdk("/b2b/magic_links/email/discovery/send", json("email_address", email()))
                        .status())
                .isEqualTo(200);
        assertThat(sdk("/b2b/otps/email/login_or_signup", json("organization_id", orgId, "email_address", email()))
                        .status())
                .isEqualTo(200);

        String refusedEmail = email();
        ApiResponse refused = sdk("/b2b/magic_links/email/discovery/send", json("email_address", refusedEmail));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.errorType()).isEqualTo("too_many_requests");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(sdk(
                                "/b2b/magic_links/email/login_or_signup",
                                json("organization_id", orgId, "email_address", refusedEmail))
                        .status())
                .isEqualTo(429);

        // The backend route, called with the project's secret, is not this limit's business.
        ApiClient api = server.client();
        assertThat(api.post(
                                "/v1/b2b/magic_links/email/login_or_signup",
                                json("organization_id", orgId, "email_address", refusedEmail))
                        .status())
                .isEqualTo(200);

        // The window ends: the address may ask again.
        server.clock().advance(Duration.ofMinutes(11));
        assertThat(sdk("/b2b/magic_links/email/discovery/send", json("email_address", email()))
                        .status())
                .isEqualTo(200);
    }
}
