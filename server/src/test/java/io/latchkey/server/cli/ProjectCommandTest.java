package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.Latchkey;
import io.latchkey.server.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectCommandTest {
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    record Result(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] full = new String[args.length + 1];
            System.arraycopy(args, 0, full, 0, args.length);
            full[args.length] = "--db-url=" + db.jdbcUrl();
            int code = Latchkey.run(full);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void createPrintsIdAndSecretAndListShowsTheProject() throws Exception {
        Result created = run("project", "create", "--name", "Acme", "--redirect-url", "https://app.acme.test/auth");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode json = created.json();
        assertThat(json.path("project_id").asText()).matches("project-test-[0-9a-f-]{36}");
        assertThat(json.path("secret").asText()).startsWith("secret-test-");

        Result list = run("project", "list");
        assertThat(list.json().get(0).path("project_id").asText())
                .isEqualTo(json.path("project_id").asText());
        assertThat(list.out()).doesNotContain(json.path("secret").asText());
    }

    @Test
    void createPrintsAPublicTokenThatPublicTokensListCreateAndDeleteManage() throws Exception {
        JsonNode created = run("project", "create", "--name", "Acme").json();
        String id = created.path("project_id").asText();
        String first = created.path("public_token").asText();
        assertThat(first).matches("public-token-test-[0-9a-f-]{36}");

        JsonNode listed = run("project", "public-tokens", "list", id).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("public_token").asText()).isEqualTo(first);

        JsonNode afterCreate = run("project", "public-tokens", "create", id).json();
        assertThat(afterCreate).hasSize(2);
        String second = afterCreate.get(1).path("public_token").asText();
        assertThat(second).startsWith("public-token-test-").isNotEqualTo(first);

        JsonNode afterDelete =
                run("project", "public-tokens", "delete", id, first).json();
        assertThat(afterDelete).hasSize(1);
        assertThat(afterDelete.get(0).path("public_token").asText()).isEqualTo(second);

        Result again = run("project", "public-tokens", "delete", id, first);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("no such public token");
    }

    @Test
    void frontendSettingsAreSetAndShownFromTheCommandLine() throws Exception {
        String id = run("project", "create", "--name", "Acme")
                .json()
                .path("project_id")
                .asText();
        JsonNode initial = run("project", "frontend", "show", id).json();
        assertThat(initial.path("authorized_origins")).isEmpty();
        assertThat(initial.path("enabled_calls")).isEmpty();
        assertThat(initial.path("pkce_required").asBoolean()).isFalse();

        JsonNode added = run("project", "frontend", "add-origin", id, "HTTPS://App.Acme.test:443")
                .json();
        assertThat(added.path("authorized_origins").get(0).asText()).isEqualTo("https://app.acme.test");
        run("project", "frontend", "add-origin", id, "http://localhost:3000");
        JsonNode enabled =
                run("project", "frontend", "enable", id, "member_self_update").json();
        assertThat(enabled.path("enabled_calls").get(0).asText()).isEqualTo("member_self_update");
        JsonNode pkce = run("project", "frontend", "pkce", id, "true").json();
        assertThat(pkce.path("pkce_required").asBoolean()).isTrue();
        assertThat(pkce.path("authorized_origins")).hasSize(2);

        JsonNode removed = run("project", "frontend", "remove-origin", id, "https://app.acme.test")
                .json();
        assertThat(removed.path("authorized_origins")).hasSize(1);
        assertThat(run("project", "frontend", "disable", id, "member_self_update")
                        .json()
                        .path("enabled_calls"))
                .isEmpty();

        for (String bad :
                new String[] {"https://app.acme.test/path", "ftp://acme.test", "https://u@acme.test", "acme.test"}) {
            Result refused = run("project", "frontend", "add-origin", id, bad);
            assertThat(refused.exitCode()).as(bad).isNotZero();
            assertThat(refused.err()).as(bad).contains("origin");
        }
        Result unknownCall = run("project", "frontend", "enable", id, "delete_everything");
        assertThat(unknownCall.exitCode()).isNotZero();
        assertThat(unknownCall.err()).contains("unknown frontend call");
    }

    @Test
    void liveProjectsGetLiveIds() throws Exception {
        Result created = run("project", "create", "--name", "Prod", "--live");
        assertThat(created.json().path("project_id").asText()).startsWith("project-live-");
        assertThat(created.json().path("secret").asText()).startsWith("secret-live-");
        assertThat(created.json().path("public_token").asText()).startsWith("public-token-live-");
    }

    @Test
    void rotateIssuesANewSecret() throws Exception {
        JsonNode created = run("project", "create", "--name", "Acme").json();
        String id = created.path("project_id").asText();
        Result rotated = run("project", "secret", "rotate", id);
        assertThat(rotated.exitCode()).isZero();
        assertThat(rotated.json().path("secret").asText())
                .startsWith("secret-test-")
                .isNotEqualTo(created.path("secret").asText());
    }

    @Test
    void redirectUrlsCanBeAddedListedAndRemoved() throws Exception {
        String id = run("project", "create", "--name", "Acme")
                .json()
                .path("project_id")
                .asText();
        Result added =
                run("project", "redirect-urls", "add", id, "https://app.acme.test/cb", "--type", "login", "--default");
        assertThat(added.exitCode()).as(added.err()).isZero();
        JsonNode list = run("project", "redirect-urls", "list", id).json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("type").asText()).isEqualTo("login");
        assertThat(list.get(0).path("is_default").asBoolean()).isTrue();
        assertThat(run("project", "redirect-urls", "remove", id, "https://app.acme.test/cb")
                        .exitCode())
                .isZero();
        assertThat(run("project", "redirect-urls", "list", id).json()).isEmpty();
    }

    @Test
    void badRedirectUrlIsRefusedWithAMessage() {
        String id;
        try {
            id = run("project", "create", "--name", "Acme")
                    .json()
                    .path("project_id")
                    .asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Result r = run("project", "redirect-urls", "add", id, "javascript:alert(1)");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("redirect URL");
    }
}
