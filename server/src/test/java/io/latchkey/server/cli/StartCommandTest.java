package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.RateLimits;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SettingsException;
import io.latchkey.server.testing.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartCommandTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

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
    void startReadsTheSsoCaFileAndRefusesOneThatIsMissingOrNotPemCertificatesByName() throws Exception {
        TestCa ca = TestCa.create("Start CA");
        TestCa second = TestCa.create("Start CA 2");
        // A bundle as openssl writes them: text around the blocks is ignored.
        Path bundle = Files.writeString(
                dir.resolve("bundle.pem"), "subject=CN = Start CA\n" + ca.pem() + "\n# second\n" + second.pem());
        Map<String, String> env = complete();
        assertThat(StartCommand.settings(env, null, null).ssoCaCertificates()).isEmpty();
        env.put("LATCHKEY_SSO_CA_FILE", bundle.toString());
        assertThat(StartCommand.settings(env, null, null).ssoCaCertificates())
                .containsExactly(ca.certificate(), second.certificate());

        String pem = ca.pem();
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        // Each refusal names the setting and says what is wrong, never what the file holds.
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("missing", new String[] {dir.resolve("none.pem").toString(), "does not exist"});
        bad.put("a folder", new String[] {dir.toString(), "not a folder"});
        bad.put("empty", new String[] {write("empty.pem", ""), "not a PEM file"});
        bad.put("not PEM", new String[] {write("ca.txt", "this is not a certificate"), "not a PEM file"});
        bad.put("DER", new String[] {write("ca.der", ca.certificate().getEncoded()), "openssl x509 -inform der"});
        bad.put("a damaged body", new String[] {
            write("damaged.pem", pem.replace(body.substring(40, 80), "!".repeat(40))), "certificate 1 of"
        });
        bad.put("not a certificate", new String[] {
            write("junk.pem", second.pem() + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            "certificate 2 of"
        });
        bad.put("a private key", new String[] {
            write("with-key.pem", pem + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), "private key"
        });
        bad.put("no END line", new String[] {
            write("cut.pem", pem + pem.substring(0, pem.length() / 2)), "without its -----END"
        });
        for (Map.Entry<String, String[]> b : bad.entrySet()) {
            env.put("LATCHKEY_SSO_CA_FILE", b.getValue()[0]);
            assertThatThrownBy(() -> StartCommand.settings(env, null, null))
                    .as(b.getKey())
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("LATCHKEY_SSO_CA_FILE")
                    .hasMessageContaining(b.getValue()[1])
                    .hasMessageNotContaining("AAAA");
        }
    }

    @Test
    void startRefusesAnSsoCaFileItCannotRead() throws Exception {
        Path unreadable = Files.writeString(
                dir.resolve("unreadable.pem"), TestCa.create("Unread CA").pem());
        Files.setPosixFilePermissions(unreadable, Set.of());
        if (Files.isReadable(unreadable)) {
            // Root reads a file whatever its permissions. Linux's /proc/self/mem is a regular file
            // whose read from offset 0 fails for anyone (nothing is mapped there).
            unreadable = Path.of("/proc/self/mem");
        }
        assumeTrue(Files.isRegularFile(unreadable), "a file this process cannot read");
        Map<String, String> env = complete();
        env.put("LATCHKEY_SSO_CA_FILE", unreadable.toString());
        assertThatThrownBy(() -> StartCommand.settings(env, null, null))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("LATCHKEY_SSO_CA_FILE")
                .hasMessageContaining("cannot read");
    }

    private String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    private String write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes).toString();
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
