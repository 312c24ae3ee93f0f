package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.Latchkey;
import io.latchkey.server.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeysCommandTest {
    TestDatabase db;
    Path dataDir;

    @BeforeEach
    void create() throws Exception {
        // These tests give the master key through --data-dir; one from the environment would win.
        assumeTrue(System.getenv("LATCHKEY_MASTER_KEY") == null);
        db = TestDatabase.create();
        dataDir = Files.createTempDirectory("latchkey-keys-");
        DevFiles.masterKey(dataDir);
    }

    @AfterEach
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    record Result(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    Result run(Path dataDirectory, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> full = new ArrayList<>(List.of(args));
            full.add("--db-url=" + db.jdbcUrl());
            full.add("--data-dir=" + dataDirectory);
            int code = Latchkey.run(full.toArray(String[]::new));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    Result run(String... args) {
        return run(dataDir, args);
    }

    String newProject() throws Exception {
        return run("project", "create", "--name", "Acme")
                .json()
                .path("project_id")
                .asText();
    }

    @Test
    void rotateRetiresTheCurrentKeyAndListShowsBothWhileTheOldIsPublished() throws Exception {
        String projectId = newProject();
        assertThat(run("keys", "list", projectId).json()).isEmpty();

        Result first = run("keys", "rotate", projectId);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.json().path("keys")).hasSize(1);
        String firstKid = first.json().path("keys").get(0).path("kid").asText();
        assertThat(firstKid).startsWith("jwk-test-");

        Result second = run("keys", "rotate", projectId);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.json().path("retired_key_published_for_seconds").asLong())
                .isGreaterThan(300);

        JsonNode keys = run("keys", "list", projectId).json();
        assertThat(keys).hasSize(2);
        JsonNode current = keys.get(0);
        JsonNode retired = keys.get(1);
        assertThat(current.path("kid").asText()).isNotEqualTo(firstKid);
        // The shared JSON mapper leaves null fields out: the current key has no retirement.
        assertThat(current.has("retired_at")).isFalse();
        assertThat(current.has("published_until")).isFalse();
        assertThat(current.path("published").asBoolean()).isTrue();
        assertThat(current.path("created_at").asText()).endsWith("Z");
        assertThat(retired.path("kid").asText()).isEqualTo(firstKid);
        assertThat(retired.path("retired_at").asText()).endsWith("Z");
        assertThat(retired.path("published").asBoolean()).isTrue();
        assertThat(retired.path("published_until").asText()).endsWith("Z");
        assertThat(run("keys", "list", projectId).out())
                .doesNotContain("sealed")
                .doesNotContain("\"d\"");
    }

    @Test
    void rotateOfAnUnknownProjectFails() {
        Result r = run("keys", "rotate", "project-test-00000000-0000-4000-8000-000000000000");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no project");
    }

    @Test
    void rotateWithoutTheMasterKeyIsRefused() throws Exception {
        String projectId = newProject();
        Path empty = Files.createTempDirectory("latchkey-no-key-");

        Result r = run(empty, "keys", "rotate", projectId);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("LATCHKEY_MASTER_KEY");
        assertThat(run("keys", "list", projectId).json()).isEmpty();
    }

    @Test
    void rotateWithAMasterKeyThatDoesNotOpenTheCurrentKeyIsRefused() throws Exception {
        String projectId = newProject();
        run("keys", "rotate", projectId);
        Path otherKey = Files.createTempDirectory("latchkey-other-key-");
        DevFiles.masterKey(otherKey);

        Result r = run(otherKey, "keys", "rotate", projectId);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("LATCHKEY_MASTER_KEY").contains("Nothing was rotated");
        assertThat(run("keys", "list", projectId).json()).hasSize(1);
    }
}
