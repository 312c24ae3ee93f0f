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
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code latchkey start-dev | start | migrate | project ... | keys ... | rbac ...}. */
@Command(
        name = "latchkey",
        mixinStandardHelpOptions = true,
        version = "latchkey 0.1.0",
        description = "Self-hostable B2B authentication server, wire-compatible with the Stytch B2B API.")
public final class Latchkey implements Runnable {
    /** The subcommands, in the order the usage lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            StartDevCommand.class,
            StartCommand.class,
            MigrateCommand.class,
            ProjectCommand.class,
            KeysCommand.class,
            ImportCommand.class,
            RbacCommand.class,
            BackupCommand.class);

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
        CommandLine cli = commandLine(args);
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

    /**
     * The command line for {@code args}: with only the subcommand they name, when they name one,
     * else with all. Picocli reads every option of every command it is given through reflection
     * (a fifth of a start's CPU before the port opened with all of them); a command never sees
     * its siblings, so leaving them out changes nothing it parses or prints.
     */
    public static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Latchkey());
        List<Class<?>> chosen = SUBCOMMANDS;
        if (args.length > 0) {
            for (Class<?> command : SUBCOMMANDS) {
                if (name(command).equals(args[0])) {
                    chosen = List.of(command);
                }
            }
        }
        for (Class<?> command : chosen) {
            cli.addSubcommand(name(command), command);
        }
        return cli;
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
