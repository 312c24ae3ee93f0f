package io.latchkey.server.reliability;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One crash-safety run: which database, how long the load runs, how many faults land in it, how
 * many clients write at once, the seed of every random choice, and where the server logs go. The
 * fault is a SIGKILL of the server, or, with {@code databaseRestart} set, that shell command run
 * against the database (PostgreSQL restarted under the running server).
 */
public record CrashOptions(
        String dialect, Duration duration, int kills, int workers, long seed, Path workDir, String databaseRestart) {
    /** A run whose fault is a SIGKILL of the server. */
    public CrashOptions(String dialect, Duration duration, int kills, int workers, long seed, Path workDir) {
        this(dialect, duration, kills, workers, seed, workDir, null);
    }

    boolean restartsDatabase() {
        return databaseRestart != null;
    }

    public CrashOptions {
        if (databaseRestart != null && !dialect.equals("postgresql")) {
            throw new IllegalArgumentException("a database restart needs the postgresql dialect");
        }
        if (!dialect.equals("sqlite") && !dialect.equals("postgresql")) {
            throw new IllegalArgumentException("dialect must be sqlite or postgresql: " + dialect);
        }
        if (kills < 1 || workers < 1 || duration.toSeconds() < 2L * (kills + 1)) {
            throw new IllegalArgumentException(
                    "need at least one kill, one worker and two seconds of load around each kill");
        }
    }
}
