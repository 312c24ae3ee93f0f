package io.latchkey.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.server.core.IpLiterals;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitSettingsTest {
    @Test
    void unsetVariablesGiveTheDefaults() {
        assertThat(RateLimits.from(Map.of(), Map.of())).isEqualTo(RateLimits.defaults());
    }

    @Test
    void theLimitOnFailuresPerClientAddressIsOffByDefault() {
        assertThat(RateLimits.defaults().failedAuthPerIp().isOff()).isTrue();
        assertThat(RateLimits.defaults().failedAuthPerCredential().isOff()).isFalse();
    }

    @Test
    void valuesAreCountSlashWindowOrOffAndFlagsWinOverTheEnvironment() {
        RateLimits limits = RateLimits.from(
                Map.of(
                        "LATCHKEY_RATE_LIMIT_EMAIL_SENDS_PER_ADDRESS",
                        "7/30s",
                        "LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_PHONE",
                        "off",
                        "LATCHKEY_RATE_LIMIT_PROJECT_REQUESTS",
                        "5/1h",
                        "LATCHKEY_RATE_LIMIT_TRUSTED_PROXIES",
                        "10.0.0.1, ::1"),
                Map.of(
                        "LATCHKEY_RATE_LIMIT_PROJECT_REQUESTS",
                        "9/2m",
                        "LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK",
                        "50"));
        assertThat(limits.emailSendsPerAddress()).isEqualTo(RateLimit.of(7, Duration.ofSeconds(30)));
        assertThat(limits.smsSendsPerPhone().isOff()).isTrue();
        assertThat(limits.projectRequests()).isEqualTo(RateLimit.of(9, Duration.ofMinutes(2)));
        assertThat(limits.projectLeaseBlock()).isEqualTo(50);
        assertThat(limits.trustedProxies())
                .containsExactlyInAnyOrder(IpLiterals.parse("10.0.0.1"), IpLiterals.parse("::1"));
    }

    @Test
    void aBadValueStopsStartUpNamingTheSetting() {
        for (String bad : new String[] {"10", "10/", "/1m", "ten/1m", "10/1d", "0/1m", "10/0s", "10/25h", "-1/1m"}) {
            assertThatThrownBy(() -> RateLimits.from(Map.of("LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_IP", bad), Map.of()))
                    .as(bad)
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_IP");
        }
        assertThatThrownBy(() ->
                        RateLimits.from(Map.of("LATCHKEY_RATE_LIMIT_TRUSTED_PROXIES", "proxy.internal"), Map.of()))
                .hasMessageContaining("LATCHKEY_RATE_LIMIT_TRUSTED_PROXIES");
        assertThatThrownBy(() -> RateLimits.from(Map.of("LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK", "0"), Map.of()))
                .hasMessageContaining("LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK");
    }
}
