package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.testing.ApiClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LATCHKEY_LOG_FORMAT=json: every line on stderr is one JSON object, a request's line with its
 * fields named; the default stays text. Runs start-dev in a process of its own.
 */
class LogFormatTest {
    private static final Pattern BASE = Pattern.compile("development mode on (http://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void jsonGivesOneObjectPerLineWithNamedRequestFields() throws Exception {
        String stderr = runAndRequest(Map.of("LATCHKEY_LOG_FORMAT", "json"));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stderr.lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.has("@timestamp") && node.has("level") && node.has("message"))
                    .as(line)
                    .isTrue();
            lines.add(node);
        }
        JsonNode request = lines.stream()
                .filter(n -> "/healthz".equals(n.path("route").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no request line in " + stderr));
        assertThat(request.path("method").asText()).isEqualTo("GET");
        assertThat(request.path("status").asInt()).isEqualTo(200);
        assertThat(request.path("status").isInt()).isTrue();
        assertThat(request.path("duration_ms").isNumber()).isTrue();
        assertThat(request.path("request_id").asText()).isNotBlank();
        assertThat(request.path("logger_name").asText()).isEqualTo("latchkey.request");
    }

    @Test
    void textIsTheDefault() throws Exception {
        String stderr = runAndRequest(Map.of());
        assertThat(stderr).containsPattern("request_id=\\S+ method=GET route=/healthz status=200 duration_ms=[0-9.]+");
        assertThat(stderr.lines().filter(l -> l.startsWith("{")).toList()).isEmpty();
    }

    private String runAndRequest(Map<String, String> env) throws Exception {
        try (CommandProcess server = CommandProcess.launch(
                env,
                "start-dev",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("data").toString())) {
            String base = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (base == null) {
                Matcher m = BASE.matcher(server.stdout());
                if (m.find()) {
                    base = m.group(1);
                } else {
                    assertThat(server.isAlive()).as(server.stderr()).isTrue();
                    assertThat(System.nanoTime())
                            .as("start-dev printed its address")
                            .isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            assertThat(new ApiClient(base, null, null).get("/healthz").status()).isEqualTo(200);
            // The request line is written when the response is done; wait until it is on stderr.
            while (!server.stderr().contains("/healthz")) {
                assertThat(System.nanoTime()).as("the request was logged").isLessThan(deadline);
                Thread.sleep(50);
            }
            // stdout is for command output (the CLI's JSON): the logging set-up says nothing there.
            assertThat(server.stdout()).doesNotContain("logback").doesNotContain("|-");
            return server.stderr();
        }
    }
}
