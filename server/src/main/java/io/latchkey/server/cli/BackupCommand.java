package io.latchkey.server.cli;

import io.latchkey.server.config.Settings;
import io.latchkey.server.config.SettingsException;
import io.latchkey.server.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code latchkey backup --to FILE}: an online copy of the SQLite database, consistent as of one
 * moment, taken while the server keeps serving. PostgreSQL has its own tools (pg_dump, base
 * backups); see docs/OPERATIONS.md.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = "Copy the SQLite database to a new file while the server runs (VACUUM INTO)."
                + " For PostgreSQL use pg_dump: see docs/OPERATIONS.md.")
public final class BackupCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The new file")
    Path to;

    @Override
    public Integer call() throws Exception {
        Settings settings = database.commandSettings(System.getenv());
        if (!settings.dbUrl().startsWith("jdbc:sqlite:")) {
            throw new SettingsException("'latchkey backup' copies SQLite databases; for PostgreSQL use"
                    + " pg_dump (docs/OPERATIONS.md, Backups)");
        }
        if (Files.exists(to)) {
            throw new SettingsException("--to " + to + " already exists: a backup goes to a new file");
        }
        Path parent = to.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new SettingsException("--to " + to + ": the folder " + parent + " does not exist");
        }
        try (Database db = Database.open(settings.dbUrl(), null, null, 1, null)) {
            db.backupTo(to.toAbsolutePath());
        }
        System.out.printf(
                "{\"backup\": \"%s\", \"bytes\": %d}%n",
                to.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\""), Files.size(to));
        return 0;
    }
}
