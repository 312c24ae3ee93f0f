package io.latchkey.server.cli;

import io.latchkey.server.Latchkey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real command line in a JVM of its own, as an operator runs it: its own environment (no
 * LATCHKEY_* inherited from the build), stdout and stderr kept apart, the exit code.
 */
final class CommandProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private CommandProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    record Result(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    /** Runs {@code latchkey args...} to its end (at most two minutes). */
    static Result run(Map<String, String> env, String... args) {
        try (CommandProcess p = launch(env, args)) {
            return p.awaitExit();
        }
    }

    /** Starts {@code latchkey args...} and returns at once; close() kills it. */
    static CommandProcess launch(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small heap and the quick compiler: the machine is shared and these processes live seconds.
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Latchkey.class.getName()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("latchkey-cmd-", ".out");
            Path err = Files.createTempFile("latchkey-cmd-", ".err");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("LATCHKEY_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            return new CommandProcess(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result awaitExit() {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the command did not finish: " + read(err));
            }
            return new Result(process.exitValue(), read(out), read(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (IOException e) {
            // Temp files; the OS cleans them eventually.
        }
    }
}
