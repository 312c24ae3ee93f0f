package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.server.Latchkey;
import io.latchkey.server.config.RateLimit;
import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SettingsException;
import io.latchkey.server.core.Cidr;
import io.latchkey.server.testing.TestCa;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * The README's Configuration table is true: for each row, each flag and variable it names is
 * taken by each command it names (parsed as the command line parses it, settings read as the
 * command reads them). A row without a probe here fails, so a new setting gets one.
 */
class ConfigurationTableTest {
    static final String ZERO_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final byte[] SEVENS = filled((byte) 7);

    @TempDir
    Path dir;

    /** How one setting is shown to work: the value given, settings it needs along, the check. */
    record Probe(String value, Map<String, String> companions, Predicate<Settings> holds) {}

    private Map<String, Probe> probes() throws IOException {
        Map<String, Probe> p = new HashMap<>();
        Map<String, String> smtp =
                Map.of("LATCHKEY_SMTP_HOST", "smtp.example.org", "LATCHKEY_SMTP_FROM", "auth@example.org");
        Map<String, String> sms = Map.of(
                "LATCHKEY_SMS_PROVIDER_URL",
                "https://sms.example.org/Messages.json",
                "LATCHKEY_SMS_ACCOUNT_SID",
                "AC1",
                "LATCHKEY_SMS_AUTH_TOKEN",
                "token-1",
                "LATCHKEY_SMS_FROM",
                "+15555550100");
        p.put("LATCHKEY_PORT", new Probe("9091", Map.of(), s -> s.port() == 9091));
        p.put("LATCHKEY_MANAGEMENT_PORT", new Probe("9001", Map.of(), s -> s.managementPort() == 9001));
        p.put("LATCHKEY_HOST", new Probe("127.0.0.2", Map.of(), s -> s.host().equals("127.0.0.2")));
        Path dataDir = dir.resolve("custom-data");
        p.put(
                "--data-dir",
                new Probe(
                        dataDir.toString(),
                        Map.of(),
                        s -> s.dbUrl()
                                .equals("jdbc:sqlite:"
                                        + dataDir.resolve("latchkey.db").toAbsolutePath())));
        p.put(
                "LATCHKEY_DB_URL",
                new Probe(
                        "jdbc:postgresql://db.example.org:5432/latchkey",
                        Map.of(),
                        s -> s.dbUrl().equals("jdbc:postgresql://db.example.org:5432/latchkey")));
        p.put("LATCHKEY_DB_USER", new Probe("latchkey_user", Map.of(), s -> "latchkey_user".equals(s.dbUser())));
        p.put("LATCHKEY_DB_PASSWORD", new Probe("pw-123", Map.of(), s -> "pw-123".equals(s.dbPassword())));
        p.put("LATCHKEY_DB_POOL_SIZE", new Probe("5", Map.of(), s -> s.dbPoolSize() == 5));
        p.put(
                "LATCHKEY_MASTER_KEY",
                new Probe(
                        Base64.getEncoder().encodeToString(SEVENS),
                        Map.of(),
                        s -> Arrays.equals(s.masterKey(), SEVENS)));
        p.put(
                "LATCHKEY_BASE_URL",
                new Probe("https://auth.example.org", Map.of(), s -> s.baseUrl().equals("https://auth.example.org")));
        p.put(
                "LATCHKEY_SMTP_HOST",
                new Probe("smtp.example.org", smtp, s -> s.smtp().host().equals("smtp.example.org")));
        p.put("LATCHKEY_SMTP_PORT", new Probe("2525", smtp, s -> s.smtp().port() == 2525));
        p.put(
                "LATCHKEY_SMTP_USERNAME",
                new Probe("user-1", smtp, s -> "user-1".equals(s.smtp().username())));
        p.put(
                "LATCHKEY_SMTP_PASSWORD",
                new Probe("pass-1", smtp, s -> "pass-1".equals(s.smtp().password())));
        p.put(
                "LATCHKEY_SMTP_FROM",
                new Probe("mail@example.org", smtp, s -> s.smtp().from().equals("mail@example.org")));
        p.put(
                "LATCHKEY_SMTP_SECURITY",
                new Probe("tls", smtp, s -> s.smtp().security().equals("tls")));
        p.put(
                "LATCHKEY_SMS_PROVIDER_URL",
                new Probe(
                        "https://sms2.example.org/Messages.json",
                        sms,
                        s -> s.sms().providerUrl().toString().equals("https://sms2.example.org/Messages.json")));
        p.put(
                "LATCHKEY_SMS_ACCOUNT_SID",
                new Probe("AC2", sms, s -> s.sms().accountSid().equals("AC2")));
        p.put(
                "LATCHKEY_SMS_AUTH_TOKEN",
                new Probe("token-2", sms, s -> s.sms().authToken().equals("token-2")));
        p.put(
                "LATCHKEY_SMS_FROM",
                new Probe("+15555550199", sms, s -> s.sms().from().equals("+15555550199")));
        p.put("LATCHKEY_MAIL_SENDERS", new Probe("7", Map.of(), s -> s.mailSenders() == 7));
        p.put(
                "LATCHKEY_PASSWORD_MEMORY_KIB",
                new Probe("65536", Map.of(), s -> s.passwordHashing().memoryKib() == 65536));
        p.put(
                "LATCHKEY_PASSWORD_ITERATIONS",
                new Probe("3", Map.of(), s -> s.passwordHashing().iterations() == 3));
        p.put(
                "LATCHKEY_PASSWORD_PARALLELISM",
                new Probe("2", Map.of(), s -> s.passwordHashing().parallelism() == 2));
        p.put(
                "LATCHKEY_PASSWORD_HASH_THREADS",
                new Probe("3", Map.of(), s -> s.passwordHashing().threads() == 3));
        p.put(
                "LATCHKEY_PASSWORD_HASH_QUEUE",
                new Probe("5", Map.of(), s -> s.passwordHashing().queue() == 5));
        Path templates = Files.createDirectories(dir.resolve("templates"));
        p.put(
                "LATCHKEY_TEMPLATE_DIR",
                new Probe(templates.toString(), Map.of(), s -> templates.equals(s.templateDir())));
        RateLimit seven = RateLimit.of(7, Duration.ofSeconds(10));
        p.put(
                "LATCHKEY_RATE_LIMIT_EMAIL_SENDS_PER_ADDRESS",
                new Probe(
                        "7/10s",
                        Map.of(),
                        s -> s.rateLimits().emailSendsPerAddress().equals(seven)));
        p.put(
                "LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_PHONE",
                new Probe(
                        "7/10s",
                        Map.of(),
                        s -> s.rateLimits().smsSendsPerPhone().equals(seven)));
        p.put(
                "LATCHKEY_RATE_LIMIT_SENDS_PER_ORGANIZATION",
                new Probe(
                        "7/10s",
                        Map.of(),
                        s -> s.rateLimits().sendsPerOrganization().equals(seven)));
        p.put(
                "LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_ORGANIZATION",
                new Probe(
                        "7/10s",
                        Map.of(),
                        s -> s.rateLimits().smsSendsPerOrganization().equals(seven)));
        p.put(
                "LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_IP",
                new Probe(
                        "7/10s", Map.of(), s -> s.rateLimits().failedAuthPerIp().equals(seven)));
        p.put(
                "LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_CREDENTIAL",
                new Probe(
                        "7/10s",
                        Map.of(),
                        s -> s.rateLimits().failedAuthPerCredential().equals(seven)));
        p.put(
                "LATCHKEY_RATE_LIMIT_PROJECT_REQUESTS",
                new Probe(
                        "7/10s", Map.of(), s -> s.rateLimits().projectRequests().equals(seven)));
        p.put(
                "LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK",
                new Probe("50", Map.of(), s -> s.rateLimits().projectLeaseBlock() == 50));
        p.put(
                "LATCHKEY_RATE_LIMIT_TRUSTED_PROXIES",
                new Probe(
                        "10.0.0.9",
                        Map.of(),
                        s -> s.rateLimits().trustedProxies().contains(address("10.0.0.9"))));
        p.put(
                "LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS",
                new Probe(
                        "10.1.2.0/24, fd00:1::/64,192.168.7.9",
                        Map.of(),
                        s -> s.ssoAllowedPrivateNetworks()
                                .equals(List.of(
                                        Cidr.parse("10.1.2.0/24"),
                                        Cidr.parse("fd00:1::/64"),
                                        Cidr.parse("192.168.7.9")))));
        TestCa ca = TestCa.create("Probe CA");
        TestCa other = TestCa.create("Probe CA 2");
        Path caFile = Files.writeString(dir.resolve("sso-ca.pem"), ca.pem() + other.pem());
        p.put(
                "LATCHKEY_SSO_CA_FILE",
                new Probe(
                        caFile.toString(),
                        Map.of(),
                        s -> s.ssoCaCertificates().equals(List.of(ca.certificate(), other.certificate()))));
        p.put(
                "LATCHKEY_RATE_LIMIT_SDK_SENDS_PER_IP",
                new Probe("7/10s", Map.of(), s -> s.rateLimits().sdkSendsPerIp().equals(seven)));
        Path file = Files.writeString(
                dir.resolve("probe.properties"),
                "LATCHKEY_DB_USER=from_file\nLATCHKEY_BASE_URL=https://auth.example.com\n");
        p.put("LATCHKEY_CONFIG", new Probe(file.toString(), Map.of(), s -> "from_file".equals(s.dbUser())));
        return p;
    }

    /** Settings that act outside Settings: where each is read. */
    private static final Map<String, String[]> READ_ELSEWHERE = Map.of(
            "LATCHKEY_LOG_LEVEL",
                    new String[] {
                        "server/src/main/java/io/latchkey/server/ops/LogConfiguration.java",
                        "setting(\"LATCHKEY_LOG_LEVEL\""
                    },
            "LATCHKEY_LOG_FORMAT",
                    new String[] {
                        "server/src/main/java/io/latchkey/server/ops/LogConfiguration.java",
                        "setting(\"LATCHKEY_LOG_FORMAT\""
                    },
            "LATCHKEY_CLASS_DATA", new String[] {"latchkey", "LATCHKEY_CLASS_DATA"},
            "LATCHKEY_JAVA_OPTS", new String[] {"latchkey", "LATCHKEY_JAVA_OPTS"});

    private static final List<String> EVERY_COMMAND =
            List.of("start", "start-dev", "migrate", "project", "keys", "backup");

    @Test
    void everyRowWorksForEveryCommandItNames() throws IOException {
        Map<String, Probe> probes = probes();
        int checked = 0;
        for (Row row : readmeTable()) {
            for (String name : row.names()) {
                if (READ_ELSEWHERE.containsKey(name)) {
                    String[] where = READ_ELSEWHERE.get(name);
                    assertThat(Files.readString(repositoryFile(where[0])))
                            .as(name + " in " + where[0])
                            .contains(where[1]);
                    checked++;
                    continue;
                }
                String variable = name.startsWith("--") && !name.equals("--data-dir")
                        ? "LATCHKEY_" + name.substring(2).replace('-', '_').toUpperCase()
                        : name;
                Probe probe = probes.get(variable);
                assertThat(probe)
                        .as("a probe for " + name + " in ConfigurationTableTest")
                        .isNotNull();
                for (String command : row.commands()) {
                    Settings settings = name.startsWith("--")
                            ? settings(command, List.of(name, probe.value()), probe.companions())
                            : settings(command, List.of(), with(probe.companions(), name, probe.value()));
                    assertThat(probe.holds().test(settings))
                            .as(name + "=" + probe.value() + " on " + command)
                            .isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(60);
    }

    @Test
    void aConfigFileTakesEveryVariableOfTheTable() throws IOException {
        java.util.Set<String> variables = new java.util.TreeSet<>();
        for (Row row : readmeTable()) {
            row.names().stream().filter(n -> n.startsWith("LATCHKEY_")).forEach(variables::add);
        }
        variables.removeAll(List.of("LATCHKEY_CONFIG", "LATCHKEY_JAVA_OPTS", "LATCHKEY_CLASS_DATA"));
        assertThat(new java.util.TreeSet<>(io.latchkey.server.config.ConfigFile.KEYS))
                .isEqualTo(variables);
    }

    @Test
    void flagsWinOverVariables() {
        Settings s = settings("start-dev", List.of("--port", "9092"), Map.of("LATCHKEY_PORT", "9093"));
        assertThat(s.port()).isEqualTo(9092);
        s = settings(
                "start",
                List.of("--db-url", "jdbc:sqlite:/tmp/flag.db"),
                Map.of("LATCHKEY_DB_URL", "jdbc:sqlite:/tmp/variable.db"));
        assertThat(s.dbUrl()).isEqualTo("jdbc:sqlite:/tmp/flag.db");
    }

    @Test
    void aConfigFileSitsUnderTheEnvironmentAndTheFlags() throws IOException {
        Path file = Files.writeString(
                dir.resolve("latchkey.properties"),
                "# comments and blank lines are fine\n\nLATCHKEY_PORT=9094\nLATCHKEY_DB_POOL_SIZE=3\n");
        String config = file.toString();
        // default < file
        assertThat(settings("start-dev", List.of(), Map.of()).port()).isEqualTo(8080);
        assertThat(settings("start-dev", List.of("--config", config), Map.of()).port())
                .isEqualTo(9094);
        assertThat(settings("start-dev", List.of(), Map.of("LATCHKEY_CONFIG", config))
                        .port())
                .isEqualTo(9094);
        // file < variable
        Settings s = settings("start-dev", List.of("--config", config), Map.of("LATCHKEY_PORT", "9095"));
        assertThat(s.port()).isEqualTo(9095);
        assertThat(s.dbPoolSize()).isEqualTo(3);
        // variable < flag
        assertThat(settings("start-dev", List.of("--config", config, "--port", "9096"), Map.of("LATCHKEY_PORT", "9095"))
                        .port())
                .isEqualTo(9096);
        // start reads its required settings from the file too
        Path production = Files.writeString(
                dir.resolve("production.properties"),
                "LATCHKEY_BASE_URL=https://from-file.example.com\nLATCHKEY_PORT=9097\n");
        Settings start = settings("start", List.of("--config", production.toString()), Map.of());
        assertThat(start.baseUrl()).isEqualTo("https://from-file.example.com");
        assertThat(start.port()).isEqualTo(9097);
    }

    @Test
    void aConfigFileWithAnUnknownKeyOrMissingIsRefusedByName() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.properties"), "LATCHKEY_PROT=9094\n");
        assertThatThrownBy(() -> settings("start-dev", List.of("--config", typo.toString()), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("LATCHKEY_PROT");
        assertThatThrownBy(() -> settings(
                        "migrate",
                        List.of(),
                        Map.of("LATCHKEY_CONFIG", dir.resolve("none").toString())))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("LATCHKEY_CONFIG");
    }

    /** Settings as {@code latchkey <command> <flags>} reads them from {@code env}. */
    private Settings settings(String command, List<String> flags, Map<String, String> env) {
        List<String> args = new ArrayList<>(
                switch (command) {
                    case "project" -> List.of("project", "list");
                    case "keys" -> List.of("keys", "list", "project-test-00000000-0000-0000-0000-000000000000");
                    case "backup" ->
                        List.of("backup", "--to", dir.resolve("backup.db").toString());
                    default -> List.of(command);
                });
        args.addAll(flags);
        if (!command.equals("start") && !flags.contains("--data-dir")) {
            args.addAll(List.of("--data-dir", dir.resolve("data").toString()));
        }
        Map<String, String> full = new HashMap<>();
        if (command.equals("start")) {
            full.put("LATCHKEY_DB_URL", "jdbc:sqlite:" + dir.resolve("start.db"));
            full.put("LATCHKEY_MASTER_KEY", ZERO_KEY);
            if (!flags.contains("--config")) {
                // With a file, the test's file names the public URL.
                full.put("LATCHKEY_BASE_URL", "https://auth.example.com");
            }
        }
        full.putAll(env);
        String[] argv = args.toArray(String[]::new);
        ParseResult parsed = Latchkey.commandLine(argv).parseArgs(argv);
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        Object leaf = parsed.commandSpec().userObject();
        if (leaf instanceof StartCommand start) {
            return start.settings(full);
        }
        if (leaf instanceof StartDevCommand dev) {
            return dev.settings(full);
        }
        return databaseOptions(leaf).commandSettings(full);
    }

    private static DatabaseOptions databaseOptions(Object command) {
        for (Field field : command.getClass().getDeclaredFields()) {
            if (field.getType() == DatabaseOptions.class) {
                try {
                    field.setAccessible(true);
                    return (DatabaseOptions) field.get(command);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException(command.getClass() + " takes no database options");
    }

    record Row(List<String> names, List<String> commands) {}

    private static final Pattern NAME = Pattern.compile("`(--[a-z-]+|LATCHKEY_[A-Z_]+)`");
    private static final Pattern COMMAND = Pattern.compile("`([a-z-]+)`");

    /** The rows of the README's Configuration table. */
    static List<Row> readmeTable() throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(repositoryFile("README.md"))) {
            if (line.startsWith("| variable / flag | commands |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("| ---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\s\\|\\s", 3);
            List<String> names = new ArrayList<>();
            for (Matcher m = NAME.matcher(cells[0]); m.find(); ) {
                names.add(m.group(1));
            }
            List<String> commands = new ArrayList<>();
            if (cells[1].contains("every command")) {
                commands.addAll(EVERY_COMMAND);
            } else if (!cells[1].contains("launcher")) {
                for (Matcher m = COMMAND.matcher(cells[1]); m.find(); ) {
                    assertThat(EVERY_COMMAND)
                            .as("command " + m.group(1) + " in: " + line)
                            .contains(m.group(1));
                    commands.add(m.group(1));
                }
            }
            rows.add(new Row(names, commands));
        }
        assertThat(rows).as("the README's Configuration table").hasSizeGreaterThan(20);
        return rows;
    }

    static Path repositoryFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(relative)) && Files.exists(d.resolve("README.md"))) {
                return d.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found");
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> out = new LinkedHashMap<>(base);
        out.put(name, value);
        return out;
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] filled(byte b) {
        byte[] key = new byte[32];
        Arrays.fill(key, b);
        return key;
    }
}
