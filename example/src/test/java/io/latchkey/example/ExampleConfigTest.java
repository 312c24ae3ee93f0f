package io.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.example.ExampleConfig.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleConfigTest {
    private static final Map<String, String> ENV = Map.of(
            "LATCHKEY_PROJECT_ID", "project-test-1",
            "LATCHKEY_SECRET", "secret-test-1");

    @Test
    void defaultsMatchStartDev() {
        ExampleConfig c = ExampleConfig.from(ENV, new String[0]);

        assertThat(c.latchkeyUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.port()).isEqualTo(3000);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.dbPath()).isEqualTo(Path.of("./example-data/example.db"));
        assertThat(c.publicUrl()).isNull();
        assertThat(c.publicToken()).as("no public token: SSO is not offered").isNull();
    }

    @Test
    void flagsWinOverVariables() {
        Map<String, String> env = Map.of(
                "LATCHKEY_PROJECT_ID",
                "project-test-1",
                "LATCHKEY_SECRET",
                "s",
                "LATCHKEY_URL",
                "http://a:1",
                "EXAMPLE_PORT",
                "4000",
                "EXAMPLE_DB",
                "/tmp/a.db");

        ExampleConfig c =
                ExampleConfig.from(env, new String[] {"--port", "5000", "--latchkey-url=http://b:2/", "--db", "x.db"});

        assertThat(c.port()).isEqualTo(5000);
        assertThat(c.latchkeyUrl()).isEqualTo("http://b:2");
        assertThat(c.dbPath()).isEqualTo(Path.of("x.db"));
    }

    @Test
    void readsTheProjectFromStartDevsFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dev-project.json");
        Files.writeString(
                file,
                "{\"project_id\": \"project-test-dev\", \"secret\": \"secret-test-dev\","
                        + " \"public_token\": \"public-token-test-dev\"}");

        ExampleConfig c = ExampleConfig.from(Map.of(), new String[] {"--dev-project", file.toString()});

        assertThat(c.projectId()).isEqualTo("project-test-dev");
        assertThat(c.secret()).isEqualTo("secret-test-dev");
        assertThat(c.publicToken()).isEqualTo("public-token-test-dev");
    }

    @Test
    void variablesWinOverTheDevProjectFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dev-project.json");
        Files.writeString(file, "{\"project_id\": \"project-test-dev\", \"secret\": \"secret-test-dev\"}");

        ExampleConfig c = ExampleConfig.from(ENV, new String[] {"--dev-project", file.toString()});

        assertThat(c.projectId()).isEqualTo("project-test-1");
    }

    @Test
    void missingSettingsAreNamed() {
        assertThatThrownBy(() -> ExampleConfig.from(Map.of(), new String[0]))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LATCHKEY_PROJECT_ID");
        assertThatThrownBy(() -> ExampleConfig.from(Map.of("LATCHKEY_PROJECT_ID", "p"), new String[0]))
                .hasMessageContaining("LATCHKEY_SECRET");
        assertThatThrownBy(() -> ExampleConfig.from(ENV, new String[] {"--port", "http"}))
                .hasMessageContaining("EXAMPLE_PORT");
        assertThatThrownBy(
                        () -> ExampleConfig.from(ENV, new String[] {"--dev-project", "/nonexistent/dev-project.json"}))
                .hasMessageContaining("start-dev");
    }

    @Test
    void theSecretIsNeverTakenFromAFlag() {
        assertThatThrownBy(() -> ExampleConfig.from(Map.of("LATCHKEY_PROJECT_ID", "p"), new String[] {"--secret", "s"}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LATCHKEY_SECRET")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(" s "));
    }

    @Test
    void unknownFlagsAreRefused() {
        assertThatThrownBy(() -> ExampleConfig.from(ENV, new String[] {"--prot", "1"}))
                .hasMessageContaining("unknown option --prot");
    }
}
