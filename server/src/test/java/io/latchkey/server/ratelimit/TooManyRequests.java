package io.latchkey.server.ratelimit;

import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.TestServer;
import java.util.List;
import java.util.Map;

/** Assertions shared by the rate-limit tests. */
final class TooManyRequests {
    private TooManyRequests() {}

    /**
     * Asserts the contract's 429 ({@code too_many_requests}, the error shape, a Retry-After of
     * whole seconds) and returns the Retry-After seconds.
     */
    static long assertTooManyRequests(ApiResponse r) {
        assertError(r, 429, "too_many_requests");
        assertThat(r.text("error_url")).isEqualTo("https://stytch.com/docs/api/errors/429#too_many_requests");
        String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
        assertThat(retryAfter).as("Retry-After of " + r).isNotNull().matches("[1-9][0-9]*");
        assertThat(r.text("error_message")).contains("Retry after " + retryAfter + " seconds");
        return Long.parseLong(retryAfter);
    }

    /** The counters as stored: subjects are hashes, so a row never names an address or a token. */
    static Map<String, List<String>> counters(TestServer server) {
        return DbSnapshot.of(server.app().database(), "rate_limit_counters");
    }
}
