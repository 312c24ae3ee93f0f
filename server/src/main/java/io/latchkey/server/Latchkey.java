package io.latchkey.server;

import io.latchkey.server.cli.BackupCommand;
import io.latchkey.server.cli.ImportCommand;
import io.latchkey.server.cli.KeysCommand;
import io.latchkey.server.cli.MigrateCommand;
import io.latchkey.server.cli.ProjectCommand;
import io.latchkey.server.cli.RbacCommand;
import io.latchkey.server.cli.StartCommand;
import io.latchkey.server.cli.StartDevCommand;
import io.latchkey.server.cli.StartupFailures;
import io.latchkey.server.ops.LogConfiguration;
import io.latchkey.server.ops.StartupShortcuts;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code latchkey start-dev | start | migrate | project ... | keys ... | rbac ...}. */
@Command(
        name = "latchkey",
        mixinStandardHelpOptions = true,
        version = "latchkey 0.1.0",
        description = "Self-hostable B2B authentication server, wire-compatible with the Stytch B2B API.",
        subcommands = {
            StartDevCommand.class,
            StartCommand.class,
            MigrateCommand.class,
            ProjectCommand.class,
            KeysCommand.class,
            ImportCommand.class,
            RbacCommand.class,
            BackupCommand.class,
        })
public final class Latchkey implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        StartupShortcuts.apply();
        int code;
        try {
            code = run(args);
        } finally {
            // Lines still queued for stderr (a start-up failure's, a command's last words) are
            // written before the JVM exits, which would drop them.
            LogConfiguration.flush();
        }
        System.exit(code);
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Latchkey());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String line = StartupFailures.explain(e);
            if (line == null) {
                throw e;
            }
            commandLine.getErr().println("latchkey: " + line);
            if (StartupFailures.verbose(
                    System.getProperty("LATCHKEY_LOG_LEVEL", System.getenv("LATCHKEY_LOG_LEVEL")))) {
                e.printStackTrace(commandLine.getErr());
            }
            return 2;
        });
        return cli.execute(args);
    }
}
