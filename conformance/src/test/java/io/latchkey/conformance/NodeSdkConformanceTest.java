package io.latchkey.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the Node suite ({@code conformance/node}, the official {@code stytch} npm package under
 * {@code node --test}) against real servers, streams its output into this test's log, and fails
 * when any Node test fails. The whole suite runs against a dev-mode server; the login-flow file
 * runs once more against a production-mode server that delivers its mail over SMTP.
 */
class NodeSdkConformanceTest {
    /** A safety net against a hung child process, far above the suite's run time. */
    private static final long SUITE_TIMEOUT_MINUTES = 10;

    /** The spec reporter's closing summary lines, e.g. "ℹ tests 42". */
    private static final Pattern SUMMARY =
            Pattern.compile("^\\S+ (tests|suites|pass|fail|cancelled|skipped|todo) (\\d+)$");

    @Test
    void theOfficialNodeSdkSuitePassesAgainstADevModeServer() throws Exception {
        try (NodeHarness harness = new NodeHarness(o -> o, null)) {
            TestServer server = harness.startServer();
            runSuite("Node SDK suite (dev mode)", suiteEnvironment(server, harness), "tests/");
        }
    }

    @Test
    void theLoginFlowPassesAgainstAProductionModeServerThatMailsOverSmtp() throws Exception {
        try (SmtpServer smtp = SmtpServer.start();
                NodeHarness harness = new NodeHarness(o -> o.withDevMode(false).withSmtp(smtp.settings()), smtp)) {
            TestServer server = harness.startServer();
            runSuite(
                    "Node SDK login flow (production mode)",
                    suiteEnvironment(server, harness),
                    "tests/login-flow.test.mjs");
        }
    }

    private static void runSuite(String name, Map<String, String> environment, String... tests) throws Exception {
        Path suite = suiteDirectory();
        assertThat(suite.resolve("node_modules/stytch/package.json"))
                .as("the Node suite's packages (the Maven build runs npm ci in generate-test-resources)")
                .exists();

        List<String> command =
                new ArrayList<>(List.of("node", "--test", "--test-reporter=spec", "--test-timeout=60000"));
        command.addAll(List.of(tests));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(suite.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);

        Process node = builder.start();
        List<String> output = new ArrayList<>();
        Thread pump = new Thread(() -> stream(node, output), "node-output");
        pump.start();
        boolean finished = node.waitFor(SUITE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly().waitFor();
        }
        pump.join();

        String log = String.join("\n", output);
        Map<String, Integer> counts = summary(output);
        System.out.println(name + ": " + counts);
        assertThat(finished).as("node --test finished; output:\n%s", log).isTrue();
        assertThat(node.exitValue())
                .as("node --test exit code; output:\n%s", log)
                .isZero();
        assertThat(counts.getOrDefault("tests", 0))
                .as("Node tests run; output:\n%s", log)
                .isPositive();
        assertThat(counts.getOrDefault("fail", -1))
                .as("Node tests failed; output:\n%s", log)
                .isZero();
    }

    /**
     * What the Node suite reads (see node/support/latchkey.mjs): the server and its test project,
     * a second project for isolation tests, where the server's mail can be read, and the harness.
     * Add variables here when a suite needs more.
     */
    private static Map<String, String> suiteEnvironment(TestServer server, NodeHarness harness) {
        NewProject other = server.newProject("Other project");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LATCHKEY_BASE_URL", server.baseUrl());
        env.put("LATCHKEY_PROJECT_ID", server.projectId());
        env.put("LATCHKEY_SECRET", server.secret());
        env.put("LATCHKEY_OTHER_PROJECT_ID", other.project().projectId());
        env.put("LATCHKEY_OTHER_SECRET", other.secret());
        env.put("LATCHKEY_MAIL_URL", harness.mailUrl(server));
        env.put("LATCHKEY_HARNESS_URL", harness.url());
        env.put("LATCHKEY_PUBLIC_TOKEN", server.publicToken());
        env.put("NO_COLOR", "1");
        return env;
    }

    private static Path suiteDirectory() {
        String configured = System.getProperty("latchkey.conformance.node.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("node");
        assertThat(Files.isDirectory(dir))
                .as("Node suite directory %s", dir.toAbsolutePath())
                .isTrue();
        return dir;
    }

    private static void stream(Process node, List<String> output) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("[node] " + line);
                synchronized (output) {
                    output.add(line);
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.add("(reading node's output failed: " + e + ")");
            }
        }
    }

    private static Map<String, Integer> summary(List<String> output) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String line : output) {
            Matcher m = SUMMARY.matcher(line.strip());
            if (m.matches()) {
                counts.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        return counts;
    }
}
