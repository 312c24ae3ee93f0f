package io.latchkey.server.reliability;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One crash-safety run: which database, how long the load runs, how many SIGKILLs land in it,
 * how many clients write at once, the seed of every random choice, and where the server logs go.
 */
public record CrashOptions(
    String dialect, Duration duration, int kills, int workers, long seed, Path workDir) {
  public CrashOptions {
    if (!dialect.equals("sqlite") && !dialect.equals("postgresql")) {
      throw new IllegalArgumentException("dialect must be sqlite or postgresql: " + dialect);
    }
    if (kills < 1 || workers < 1 || duration.toSeconds() < 2L * (kills + 1)) {
      throw new IllegalArgumentException(
          "need at least one kill, one worker and two seconds of load around each kill");
    }
  }
}
