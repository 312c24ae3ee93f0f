package io.latchkey.server.cli;

import io.latchkey.server.App;
import io.latchkey.server.project.FrontendCall;
import io.latchkey.server.project.FrontendSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code latchkey project frontend ...}: what Stytch's frontend SDK may do for a project. */
@Command(
        name = "frontend",
        mixinStandardHelpOptions = true,
        description = "Settings for Stytch's frontend SDK (/sdk/v1): authorized origins, enabled calls, PKCE.",
        subcommands = {
            FrontendCommand.Show.class,
            FrontendCommand.AddOrigin.class,
            FrontendCommand.RemoveOrigin.class,
            FrontendCommand.Enable.class,
            FrontendCommand.Disable.class,
            FrontendCommand.Pkce.class,
        })
final class FrontendCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Object view(FrontendSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authorized_origins", s.authorizedOrigins());
        out.put(
                "enabled_calls",
                s.enabledCalls().stream().map(FrontendCall::wireName).sorted().toList());
        out.put("pkce_required", s.pkceRequired());
        return out;
    }

    static Object view(App app, String projectId) {
        if (app.projects().find(projectId).isEmpty()) {
            throw new IllegalArgumentException("no project " + projectId);
        }
        return view(app.projects().frontendSettings(projectId));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a project's frontend settings.")
    static final class Show implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Parameters(index = "0", paramLabel = "PROJECT_ID")
        String projectId;

        @Override
        public Integer call() {
            return ProjectCommand.withApp(database, app -> view(app, projectId));
        }
    }

    @Command(
            name = "add-origin",
            mixinStandardHelpOptions = true,
            description = "Authorize a web origin (https://app.example.com[:port]) to call /sdk/v1.")
    static final class AddOrigin implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Parameters(index = "0", paramLabel = "PROJECT_ID")
        String projectId;

        @Parameters(index = "1", paramLabel = "ORIGIN")
        String origin;

        @Override
        public Integer call() {
            return ProjectCommand.withApp(database, app -> view(app.projects().addAuthorizedOrigin(projectId, origin)));
        }
    }

    @Command(name = "remove-origin", mixinStandardHelpOptions = true, description = "Remove an authorized origin.")
    static final class RemoveOrigin implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Parameters(index = "0", paramLabel = "PROJECT_ID")
        String projectId;

        @Parameters(index = "1", paramLabel = "ORIGIN")
        String origin;

        @Override
        public Integer call() {
            return ProjectCommand.withApp(database, app -> {
                if (!app.projects().removeAuthorizedOrigin(projectId, origin)) {
                    throw new IllegalArgumentException("not an authorized origin: " + origin);
                }
                return view(app, projectId);
            });
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Switch a frontend call on: create_organizations, member_self_update.")
    static final class Enable implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Parameters(index = "0", paramLabel = "PROJECT_ID")
        String projectId;

        @Parameters(index = "1", paramLabel = "CALL")
        String call;

        @Override
        public Integer call() {
            FrontendCall parsed = FrontendCall.parse(call);
            return ProjectCommand.withApp(
                    database, app -> view(app.projects().setFrontendCall(projectId, parsed, true)));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Switch a frontend call off.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Parameters(index = "0", paramLabel = "PROJECT_ID")
        String projectId;

        @Parameters(index = "1", paramLabel = "CALL")
        String call;

        @Override
        public Integer call() {
            FrontendCall parsed = FrontendCall.parse(call);
            return ProjectCommand.withApp(
                    database, app -> view(app.projects().setFrontendCall(projectId, parsed, false)));
        }
    }

    @Command(
            name = "pkce",
            mixinStandardHelpOptions = true,
            description = "Require (true) or not (false) a PKCE challenge on magic links started by the SDK.")
    static final class Pkce implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Parameters(index = "0", paramLabel = "PROJECT_ID")
        String projectId;

        @Parameters(index = "1", paramLabel = "REQUIRED", arity = "1")
        boolean required;

        @Override
        public Integer call() {
            return ProjectCommand.withApp(database, app -> view(app.projects().setPkceRequired(projectId, required)));
        }
    }
}
