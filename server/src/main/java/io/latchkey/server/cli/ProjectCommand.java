package io.latchkey.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.latchkey.server.App;
import io.latchkey.server.config.Settings;
import io.latchkey.server.core.Environment;
import io.latchkey.server.core.Json;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.RedirectUrl;
import io.latchkey.server.project.RedirectUrlType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey project ...}: manage projects, their secrets and redirect URLs. */
@Command(
        name = "project",
        mixinStandardHelpOptions = true,
        description = "Manage projects, secrets and redirect URLs. Output is JSON.",
        subcommands = {
            ProjectCommand.Create.class,
            ProjectCommand.ListProjects.class,
            ProjectCommand.Secret.class,
            ProjectCommand.RedirectUrls.class,
            ProjectCommand.PublicTokens.class,
            FrontendCommand.class,
        })
public final class ProjectCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage, under its full name ("Usage: latchkey project ..."). */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static int withApp(DatabaseOptions database, Function<App, Object> work) {
        return withApp(database.commandSettings(System.getenv()), work);
    }

    /** Opens the app on {@code settings}, runs {@code work} and prints its result as JSON. */
    static int withApp(Settings settings, Function<App, Object> work) {
        try (App app = App.open(settings, Clock.systemUTC())) {
            Object out = work.apply(app);
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<RedirectUrlType> types(List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.of(RedirectUrlType.values());
        }
        List<RedirectUrlType> out = new ArrayList<>();
        for (String n : names) {
            for (String part : n.split(",")) {
                out.add(RedirectUrlType.parse(part));
            }
        }
        return out;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a project; prints its id, secret (shown only once) and public token.")
    static final class Create implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Option(names = "--name", required = true, description = "Project name")
        String name;

        @Option(names = "--live", description = "Create a live project (default: test)")
        boolean live;

        @Option(
                names = "--redirect-url",
                description = "Allowed redirect URL for every link type (repeatable); the first is the default")
        List<String> redirectUrls = new ArrayList<>();

        @Override
        public Integer call() {
            List<RedirectUrl> urls = new ArrayList<>();
            for (int i = 0; i < redirectUrls.size(); i++) {
                for (RedirectUrlType type : RedirectUrlType.values()) {
                    urls.add(new RedirectUrl(redirectUrls.get(i), type, i == 0));
                }
            }
            return withApp(database, app -> {
                NewProject p = app.projects().create(name, live ? Environment.LIVE : Environment.TEST, urls);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("project_id", p.project().projectId());
                out.put("secret", p.secret());
                out.put("public_token", p.publicToken());
                return out;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List projects.")
    static final class ListProjects implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            return withApp(
                    database,
                    app -> app.projects().list().stream()
                            .map(p -> {
                                Map<String, Object> row = new LinkedHashMap<>();
                                row.put("project_id", p.projectId());
                                row.put("name", p.name());
                                row.put("environment", p.environment().marker());
                                row.put("created_at", Timestamps.format(p.createdAt()));
                                return row;
                            })
                            .toList());
        }
    }

    @Command(
            name = "secret",
            mixinStandardHelpOptions = true,
            description = "Manage a project's secret.",
            subcommands = Secret.Rotate.class)
    static final class Secret implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }

        @Command(
                name = "rotate",
                mixinStandardHelpOptions = true,
                description = "Issue a new secret; the old one stops working.")
        static final class Rotate implements Callable<Integer> {
            @Mixin
            DatabaseOptions database;

            @Parameters(index = "0", paramLabel = "PROJECT_ID")
            String projectId;

            @Override
            public Integer call() {
                return withApp(database, app -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("project_id", projectId);
                    out.put("secret", app.projects().rotateSecret(projectId));
                    return out;
                });
            }
        }
    }

    @Command(
            name = "redirect-urls",
            mixinStandardHelpOptions = true,
            description = "Manage a project's allowed redirect URLs.",
            subcommands = {RedirectUrls.Add.class, RedirectUrls.Remove.class, RedirectUrls.ListUrls.class})
    static final class RedirectUrls implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }

        static Object listing(App app, String projectId) {
            return app.projects().redirectUrls(projectId).stream()
                    .map(u -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("url", u.url());
                        row.put("type", u.type().wireName());
                        row.put("is_default", u.isDefault());
                        return row;
                    })
                    .toList();
        }

        @Command(
                name = "add",
                mixinStandardHelpOptions = true,
                description = "Allow a redirect URL ('*' may stand for the port).")
        static final class Add implements Callable<Integer> {
            @Mixin
            DatabaseOptions database;

            @Parameters(index = "0", paramLabel = "PROJECT_ID")
            String projectId;

            @Parameters(index = "1", paramLabel = "URL")
            String url;

            @Option(
                    names = "--type",
                    description = "login, signup, invite, discovery, reset_password (repeatable; default: all)")
            List<String> types = new ArrayList<>();

            @Option(names = "--default", description = "Make it the default for these types")
            boolean isDefault;

            @Override
            public Integer call() {
                return withApp(database, app -> {
                    for (RedirectUrlType type : types(types)) {
                        app.projects().addRedirectUrl(projectId, new RedirectUrl(url, type, isDefault));
                    }
                    return listing(app, projectId);
                });
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a redirect URL (all types).")
        static final class Remove implements Callable<Integer> {
            @Mixin
            DatabaseOptions database;

            @Parameters(index = "0", paramLabel = "PROJECT_ID")
            String projectId;

            @Parameters(index = "1", paramLabel = "URL")
            String url;

            @Override
            public Integer call() {
                return withApp(database, app -> {
                    if (app.projects().removeRedirectUrl(projectId, url) == 0) {
                        throw new IllegalArgumentException("no such redirect URL: " + url);
                    }
                    return listing(app, projectId);
                });
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List a project's redirect URLs.")
        static final class ListUrls implements Callable<Integer> {
            @Mixin
            DatabaseOptions database;

            @Parameters(index = "0", paramLabel = "PROJECT_ID")
            String projectId;

            @Override
            public Integer call() {
                return withApp(database, app -> listing(app, projectId));
            }
        }
    }

    @Command(
            name = "public-tokens",
            mixinStandardHelpOptions = true,
            description = "Manage a project's public tokens (what browser-facing routes take instead of the secret).",
            subcommands = {PublicTokens.ListTokens.class, PublicTokens.CreateToken.class, PublicTokens.DeleteToken.class
            })
    static final class PublicTokens implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }

        static Object listing(App app, String projectId) {
            return app.projects().publicTokens(projectId).stream()
                    .map(t -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("public_token", t.publicToken());
                        row.put("created_at", Timestamps.format(t.createdAt()));
                        return row;
                    })
                    .toList();
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List a project's public tokens.")
        static final class ListTokens implements Callable<Integer> {
            @Mixin
            DatabaseOptions database;

            @Parameters(index = "0", paramLabel = "PROJECT_ID")
            String projectId;

            @Override
            public Integer call() {
                return withApp(database, app -> listing(app, projectId));
            }
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Issue another public token.")
        static final class CreateToken implements Callable<Integer> {
            @Mixin
            DatabaseOptions database;

            @Parameters(index = "0", paramLabel = "PROJECT_ID")
            String projectId;

            @Override
            public Integer call() {
                return withApp(database, app -> {
                    app.projects().createPublicToken(projectId);
                    return listing(app, projectId);
                });
            }
        }

        @Command(
                name = "delete",
                mixinStandardHelpOptions = true,
                description = "Delete a public token; pages that carry it stop working.")
        static final class DeleteToken implements Callable<Integer> {
            @Mixin
            DatabaseOptions database;

            @Parameters(index = "0", paramLabel = "PROJECT_ID")
            String projectId;

            @Parameters(index = "1", paramLabel = "PUBLIC_TOKEN")
            String publicToken;

            @Override
            public Integer call() {
                return withApp(database, app -> {
                    if (!app.projects().deletePublicToken(projectId, publicToken)) {
                        throw new IllegalArgumentException("no such public token: " + publicToken);
                    }
                    return listing(app, projectId);
                });
            }
        }
    }
}
