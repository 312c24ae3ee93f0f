package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.io.TempDir;

class RbacCommandTest {
    TestDatabase db;

    @TempDir
    Path dir;

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

    String project() throws Exception {
        return run("project", "create", "--name", "Acme")
                .json()
                .path("project_id")
                .asText();
    }

    Path file(String json) throws Exception {
        Path f = dir.resolve("policy-" + System.nanoTime() + ".json");
        Files.writeString(f, json);
        return f;
    }

    static final String BILLING = """
      {"policy": {
        "resources": [{"resource_id": "billing", "description": "Invoices", "actions": ["read", "update"]}],
        "roles": [
          {"role_id": "stytch_member", "description": "", "permissions": [{"resource_id": "stytch.self", "actions": ["*"]}]},
          {"role_id": "stytch_admin", "description": "", "permissions": [{"resource_id": "billing", "actions": ["*"]}]},
          {"role_id": "billing_viewer", "description": "Reads invoices", "permissions": [{"resource_id": "billing", "actions": ["read"]}]}
        ],
        "scopes": []}}
      """;

    static List<String> ids(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Test
    void getPrintsDefaultsAndSetReplacesThePolicyWithWhatGetPrintsBack() throws Exception {
        String id = project();
        Result defaults = run("rbac", "policy", "get", id);
        assertThat(defaults.exitCode()).as(defaults.err()).isZero();
        assertThat(ids(defaults.json().path("policy").path("roles"), "role_id"))
                .containsExactly("stytch_member", "stytch_admin");

        Result set = run("rbac", "policy", "set", id, file(BILLING).toString());
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(ids(set.json().path("policy").path("roles"), "role_id"))
                .containsExactly("stytch_member", "stytch_admin", "billing_viewer");

        Result got = run("rbac", "policy", "get", id);
        assertThat(ids(got.json().path("policy").path("resources"), "resource_id"))
                .contains("stytch.member", "billing");
        // What get prints, Stytch's resources included, is accepted again unchanged.
        Result again = run("rbac", "policy", "set", id, file(got.out()).toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.json()).isEqualTo(got.json());
    }

    @Test
    void setRefusesAPolicyWithAMessageNamingTheProblem() throws Exception {
        String id = project();
        assertRefused(
                id,
                BILLING.replace(
                        "\"resource_id\": \"billing\", \"actions\": [\"read\"]",
                        "\"resource_id\": \"invoices\", \"actions\": [\"read\"]"),
                "unknown resource \"invoices\"");
        assertRefused(
                id,
                BILLING.replace("\"actions\": [\"read\"]}]}", "\"actions\": [\"refund\"]}]}"),
                "unknown action \"refund\" on resource billing");
        assertRefused(
                id,
                BILLING.replace("\"role_id\": \"stytch_admin\"", "\"role_id\": \"admin\""),
                "removes the default role stytch_admin");
        assertRefused(
                id,
                BILLING.replace(
                        "\"resource_id\": \"billing\", \"description\"",
                        "\"resource_id\": \"stytch.billing\", \"description\""),
                "reserved");
        assertRefused(id, BILLING.replace("\"resources\"", "\"resource\""), "unknown field \"resource\"");
        assertRefused(id, "{not json", "not a valid policy");
        // Nothing was stored by any of them.
        assertThat(ids(run("rbac", "policy", "get", id).json().path("policy").path("roles"), "role_id"))
                .containsExactly("stytch_member", "stytch_admin");
    }

    @Test
    void setRefusesAChangeOfStytchsResourcesAndAnUnknownProject() throws Exception {
        String id = project();
        String changed = BILLING.replace(
                "\"resources\": [",
                "\"resources\": [{\"resource_id\": \"stytch.member\", \"description\": \"\", \"actions\": [\"create\"]}, ");
        assertRefused(id, changed, "stytch.member is one of Stytch's default resources");
        Result unknown = run(
                "rbac",
                "policy",
                "set",
                "project-test-00000000-0000-4000-8000-000000000000",
                file(BILLING).toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("No project");
    }

    void assertRefused(String projectId, String json, String expected) throws Exception {
        Result r = run("rbac", "policy", "set", projectId, file(json).toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(expected);
    }
}
