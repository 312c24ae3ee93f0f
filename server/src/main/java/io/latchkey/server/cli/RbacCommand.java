package io.latchkey.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.latchkey.api.rbac.Policy;
import io.latchkey.server.App;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code latchkey rbac policy get|set}: a project's RBAC policy. The file is the JSON that
 * {@code GET /v1/b2b/rbac/policy} serves ({@code {"policy": {...}}}, or the policy object alone),
 * so what {@code get} prints can be edited and set again.
 */
@Command(
        name = "rbac",
        mixinStandardHelpOptions = true,
        description = "Manage role-based access control. Output is JSON.",
        subcommands = RbacCommand.PolicyCommand.class)
public final class RbacCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage, under its full name ("Usage: latchkey rbac ..."). */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(
            name = "policy",
            mixinStandardHelpOptions = true,
            description = "Read or replace a project's RBAC policy.",
            subcommands = {PolicyCommand.Get.class, PolicyCommand.Set.class})
    static final class PolicyCommand implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }

        @Command(
                name = "get",
                mixinStandardHelpOptions = true,
                description = "Print the project's policy, Stytch's defaults included.")
        static final class Get implements Callable<Integer> {
            @Mixin
            DatabaseOptions database;

            @Parameters(index = "0", paramLabel = "PROJECT_ID")
            String projectId;

            @Override
            public Integer call() {
                return ProjectCommand.withApp(
                        database, app -> wrapped(app.rbacPolicies().get(requireProject(app, projectId))));
            }
        }

        @Command(
                name = "set",
                mixinStandardHelpOptions = true,
                description =
                        "Replace the project's policy with FILE.json (Stytch's default resources may be left out).")
        static final class Set implements Callable<Integer> {
            @Mixin
            DatabaseOptions database;

            @Parameters(index = "0", paramLabel = "PROJECT_ID")
            String projectId;

            @Parameters(index = "1", paramLabel = "FILE.json")
            Path file;

            @Override
            public Integer call() {
                Policy policy = read(file);
                return ProjectCommand.withApp(database, app -> {
                    String id = requireProject(app, projectId);
                    try {
                        return wrapped(app.rbacPolicies().set(id, policy));
                    } catch (ApiException e) {
                        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                    }
                });
            }
        }
    }

    private static String requireProject(App app, String projectId) {
        if (app.projects().find(projectId).isEmpty()) {
            throw new IllegalArgumentException("No project " + projectId + ".");
        }
        return projectId;
    }

    private static Map<String, Object> wrapped(Policy policy) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", policy);
        return out;
    }

    /** The policy in {@code file}; a typo'd field name is an error rather than silently ignored. */
    static Policy read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        ObjectReader strict = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            JsonNode root = Json.mapper().readTree(text);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object with a policy.");
            }
            JsonNode policy = root.has("policy") ? root.get("policy") : root;
            return strict.treeToValue(policy, Policy.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(
                    file + ": unknown field \"" + e.getPropertyName() + "\" (known: " + e.getKnownPropertyIds() + ").",
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a valid policy: " + e.getOriginalMessage(), e);
        }
    }
}
