package io.latchkey.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash-safety run of the build, on this run's dialect: {@code latchkey start} in its
 * own JVM, killed with SIGKILL three times under write load and restarted; nothing acknowledged
 * may be missing and nothing may be half applied. {@code bench/crash/run.sh} is the long run.
 */
class CrashSafetyTest {
    @TempDir
    Path work;

    @Test
    void sigkillsUnderWriteLoadLoseNoAcknowledgedWriteAndLeaveNothingHalfApplied() throws Exception {
        long seed = Long.getLong("latchkey.crash.seed", System.nanoTime());
        CrashReport report =
                CrashRun.run(new CrashOptions(TestDatabase.dialect(), Duration.ofSeconds(20), 3, 6, seed, work));
        System.out.print(report.format());
        String context = "seed " + seed + " (rerun with -Dlatchkey.crash.seed=" + seed + ")\n" + report.format()
                + "server log tail:\n" + tail(work.resolve("server.log"));

        assertThat(report.killExitCodes())
                .as(context)
                .containsOnly(ServerProcess.SIGKILL_EXIT)
                .hasSize(3);
        assertThat(report.serverErrors()).as(context).isZero();
        assertThat(report.lost()).as(context).isEmpty();
        assertThat(report.halfApplied()).as(context).isEmpty();
        // The run is meaningful only if writes were acknowledged on both sides of the kills.
        assertThat(report.acknowledged()).as(context).isGreaterThan(50);
        assertThat(report.writes().get("magic_links.authenticate")[0])
                .as(context)
                .isPositive();
        assertThat(report.mailDelivered()).as(context).isEqualTo(report.mailQueued());
    }

    private static String tail(Path log) throws java.io.IOException {
        if (!Files.exists(log)) {
            return "(none)";
        }
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
