package io.latchkey.server.reliability;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures of one crash run, and the violations it found (empty when it passed). */
public record CrashReport(
        String dialect,
        boolean databaseRestarts,
        long loadSeconds,
        int kills,
        List<Integer> killExitCodes,
        List<Integer> inFlightAtKills,
        List<Long> restartMillis,
        long requests,
        long serverErrors,
        long unavailable,
        Map<String, long[]> writes, // kind -> {acknowledged, refused, not sent, unknown}
        Map<String, Integer> unknownApplied,
        Map<String, Integer> unknownAbsent,
        long writesChecked,
        List<String> lost,
        List<String> halfApplied,
        int mailQueued,
        int mailDelivered,
        int mailDuplicates,
        long drainMillis) {

    public boolean passed() {
        return lost.isEmpty()
                && halfApplied.isEmpty()
                && serverErrors == 0
                && killExitCodes.stream().allMatch(c -> c == expectedExitCode());
    }

    /** A killed server exits by signal 9; a database restart command succeeds. */
    int expectedExitCode() {
        return databaseRestarts ? 0 : ServerProcess.SIGKILL_EXIT;
    }

    long acknowledged() {
        return writes.values().stream().mapToLong(w -> w[0]).sum();
    }

    /** Requests that reached a server (a connection refused while it was down is not one). */
    long requestsSent() {
        return requests - writes.values().stream().mapToLong(w -> w[2]).sum();
    }

    long unknown() {
        return writes.values().stream().mapToLong(w -> w[3]).sum();
    }

    /** The report as printed and kept with the run's results. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(databaseRestarts ? "database restarts, " : "crash safety, ")
                .append(dialect)
                .append(": ")
                .append(passed() ? "PASSED" : "FAILED")
                .append('\n');
        line(out, "load, restarts included", loadSeconds + " s");
        if (databaseRestarts) {
            line(out, "PostgreSQL restarts", kills + ", exit codes " + killExitCodes);
            line(out, "requests in flight at each restart", inFlightAtKills.toString());
            line(out, "restart command took (ms)", restartMillis.toString());
        } else {
            line(out, "kills injected (SIGKILL)", kills + ", exit codes " + killExitCodes);
            line(out, "requests in flight at each kill", inFlightAtKills.toString());
            line(out, "restart to ready (ms)", restartMillis.toString());
        }
        line(
                out,
                "requests sent",
                requestsSent() + " (and " + (requests - requestsSent())
                        + " connections refused while the server was down)");
        line(out, "503 service_unavailable answers", Long.toString(unavailable));
        line(out, "other 5xx answers", Long.toString(serverErrors));
        line(out, "acknowledged writes", Long.toString(acknowledged()));
        line(out, "writes of unknown outcome", Long.toString(unknown()) + " (no answer, or a 503)");
        out.append("  writes by kind (acknowledged / refused / not sent / unknown outcome):\n");
        new TreeMap<>(writes)
                .forEach((kind, w) ->
                        out.append(String.format("    %-36s %7d / %d / %d / %d%n", kind, w[0], w[1], w[2], w[3])));
        line(out, "answer lost, found applied", unknownApplied.toString());
        line(out, "answer lost, found absent", unknownAbsent.toString());
        line(out, "writes checked", Long.toString(writesChecked));
        line(out, "lost", Integer.toString(lost.size()));
        line(out, "half-applied", Integer.toString(halfApplied.size()));
        line(out, "mail queued (outbox rows)", Integer.toString(mailQueued));
        line(out, "mail delivered (distinct)", Integer.toString(mailDelivered));
        line(out, "mail delivered twice or more", Integer.toString(mailDuplicates));
        line(out, "outbox drained after load", drainMillis + " ms");
        lost.stream().limit(20).forEach(v -> out.append("  LOST ").append(v).append('\n'));
        halfApplied.stream()
                .limit(20)
                .forEach(v -> out.append("  HALF-APPLIED ").append(v).append('\n'));
        return out.toString();
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format("  %-36s %s%n", name, value));
    }
}
