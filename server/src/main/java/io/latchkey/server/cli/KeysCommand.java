package io.latchkey.server.cli;

import io.latchkey.server.App;
import io.latchkey.server.config.SettingsException;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.session.SigningKeyInfo;
import io.latchkey.server.session.SigningKeyService;
import io.latchkey.server.session.SigningKeyUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code latchkey keys ...}: a project's JWT signing keys. Output is JSON. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Manage a project's JWT signing keys. Output is JSON.",
        subcommands = {KeysCommand.Rotate.class, KeysCommand.ListKeys.class})
public final class KeysCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage, under its full name ("Usage: latchkey keys ..."). */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static List<Map<String, Object>> listing(App app, String projectId) {
        return app.signingKeys().list(projectId).stream().map(KeysCommand::row).toList();
    }

    private static Map<String, Object> row(SigningKeyInfo key) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kid", key.kid());
        row.put("created_at", Timestamps.format(key.createdAt()));
        row.put("retired_at", Timestamps.format(key.retiredAt()));
        row.put("published", key.published());
        row.put("published_until", Timestamps.format(key.publishedUntil()));
        return row;
    }

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = "Make a new signing key current. The previous key stays in the JWKS until every JWT it"
                    + " signed has expired; running nodes switch within seconds.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Parameters(index = "0", paramLabel = "PROJECT_ID")
        String projectId;

        @Override
        public Integer call() {
            return ProjectCommand.withApp(database.commandSettings(System.getenv(), true), app -> {
                try {
                    app.signingKeys().rotate(projectId);
                } catch (SigningKeyUnavailableException e) {
                    throw new SettingsException(e.getMessage() + " Nothing was rotated.");
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("project_id", projectId);
                out.put("retired_key_published_for_seconds", SigningKeyService.RETIRED_KEY_PUBLISHED_FOR.toSeconds());
                out.put("keys", listing(app, projectId));
                return out;
            });
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List a project's signing keys, newest first.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Parameters(index = "0", paramLabel = "PROJECT_ID")
        String projectId;

        @Override
        public Integer call() {
            return ProjectCommand.withApp(database, app -> {
                if (app.projects().find(projectId).isEmpty()) {
                    throw new IllegalArgumentException("no project " + projectId);
                }
                return listing(app, projectId);
            });
        }
    }
}
