package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SettingsException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartCommandTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("LATCHKEY_DB_URL", "jdbc:postgresql://127.0.0.1:5432/latchkey");
        env.put("LATCHKEY_MASTER_KEY", KEY);
        env.put("LATCHKEY_BASE_URL", "https://auth.example.com/");
        return env;
    }

    @Test
    void startRefusesWithoutEachRequiredSettingAndNamesIt() {
        for (String name : new String[] {"LATCHKEY_DB_URL", "LATCHKEY_MASTER_KEY", "LATCHKEY_BASE_URL"}) {
            Map<String, String> env = complete();
            env.remove(name);
            assertThatThrownBy(() -> StartCommand.settings(env, null, null))
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining(name);
        }
    }

    @Test
    void startRefusesAMasterKeyThatIsNot32Bytes() {
        Map<String, String> env = complete();
        env.put("LATCHKEY_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> StartCommand.settings(env, null, null)).hasMessageContaining("LATCHKEY_MASTER_KEY");
        env.put("LATCHKEY_MASTER_KEY", "not base64 !!");
        assertThatThrownBy(() -> StartCommand.settings(env, null, null)).hasMessageContaining("LATCHKEY_MASTER_KEY");
    }

    @Test
    void startRefusesAnUnknownDatabaseAndABadPort() {
        Map<String, String> env = complete();
        env.put("LATCHKEY_PORT", "eighty");
        assertThatThrownBy(() -> StartCommand.settings(env, null, null)).hasMessageContaining("LATCHKEY_PORT");
        env.remove("LATCHKEY_PORT");
        env.put("LATCHKEY_SMTP_HOST", "smtp.example.com");
        assertThatThrownBy(() -> StartCommand.settings(env, null, null)).hasMessageContaining("LATCHKEY_SMTP_FROM");
    }

    @Test
    void startRefusesAllowedPrivateNetworksThatAreNotNetworksOrAllowEverything() {
        for (String bad :
                new String[] {"keycloak.internal", "10.0.0.5/8", "10.0.0.0/40", "0.0.0.0/0", "::/0", "10.0.0.0/x"}) {
            Map<String, String> env = complete();
            env.put("LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS", "10.1.0.0/16," + bad);
            assertThatThrownBy(() -> StartCommand.settings(env, null, null))
                    .as(bad)
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS");
        }
        Map<String, String> env = complete();
        assertThat(StartCommand.settings(env, null, null).ssoAllowedPrivateNetworks())
                .isEmpty();
        env.put("LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS", " 10.1.0.0/16 , ,fd00:1::/64 ");
        assertThat(StartCommand.settings(env, null, null).ssoAllowedPrivateNetworks())
                .extracting(Object::toString)
                .containsExactly("10.1.0.0/16", "fd00:1:0:0:0:0:0:0/64");
    }

    @Test
    void startReadsEverySettingFromTheEnvironment() {
        Map<String, String> env = complete();
        env.put("LATCHKEY_PORT", "9090");
        env.put("LATCHKEY_HOST", "127.0.0.1");
        env.put("LATCHKEY_DB_POOL_SIZE", "5");
        env.put("LATCHKEY_SMTP_HOST", "smtp.example.com");
        env.put("LATCHKEY_SMTP_FROM", "auth@example.com");
        env.put("LATCHKEY_SMTP_SECURITY", "tls");
        Settings s = StartCommand.settings(env, null, null);
        assertThat(s.devMode()).isFalse();
        assertThat(s.port()).isEqualTo(9090);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.dbPoolSize()).isEqualTo(5);
        assertThat(s.baseUrl()).isEqualTo("https://auth.example.com");
        assertThat(s.smtp().port()).isEqualTo(465);
        assertThat(StartCommand.settings(env, 7000, "0.0.0.0").port()).isEqualTo(7000);
    }

    @Test
    void rateLimitFlagsOverrideTheEnvironmentAndBadOnesNameTheSetting() {
        Map<String, String> env = complete();
        env.put("LATCHKEY_RATE_LIMIT_PROJECT_REQUESTS", "100/1m");
        env.put("LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_IP", "50/1m");
        StartCommand command = new StartCommand();
        new picocli.CommandLine(command)
                .parseArgs("--rate-limit-project-requests", "7/10s", "--rate-limit-trusted-proxies", "10.0.0.1");
        Settings s = StartCommand.settings(env, null, null, command.rateLimits);
        assertThat(s.rateLimits().projectRequests()).isEqualTo(RateLimit.of(7, java.time.Duration.ofSeconds(10)));
        assertThat(s.rateLimits().failedAuthPerIp()).isEqualTo(RateLimit.of(50, java.time.Duration.ofMinutes(1)));
        assertThat(s.rateLimits().trustedProxies()).hasSize(1);
        assertThat(StartCommand.settings(complete(), null, null).rateLimits()).isEqualTo(RateLimits.defaults());

        env.put("LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_PHONE", "lots");
        assertThatThrownBy(() -> StartCommand.settings(env, null, null))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_PHONE");
    }
}
