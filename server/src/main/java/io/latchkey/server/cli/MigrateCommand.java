package io.latchkey.server.cli;

import io.latchkey.server.App;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Applies database migrations and exits: for deployments that migrate before rolling nodes. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply database migrations and exit.")
public final class MigrateCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        try (App app = App.open(database.commandSettings(System.getenv()), Clock.systemUTC())) {
            System.out.println(
                    "Database is up to date (" + app.database().dialect().migrationFolder() + ").");
        }
        return 0;
    }
}
