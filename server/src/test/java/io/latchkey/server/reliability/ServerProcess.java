package io.latchkey.server.reliability;

import io.latchkey.server.Latchkey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code latchkey start} (or another command of the real command line) in a JVM of its own, so
 * it can be killed outright. The child runs on this JVM's class path and Java.
 */
final class ServerProcess {
    /** What a process killed by SIGKILL (signal 9) exits with on Linux: 128 + 9. */
    static final int SIGKILL_EXIT = 137;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final String baseUrl;

    private ServerProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts {@code latchkey start} on 127.0.0.1:{@code port} and waits until /readyz answers. */
    static ServerProcess start(Map<String, String> env, int port, Path log) {
        Process process = launch(env, log, "start", "--host", "127.0.0.1", "--port", Integer.toString(port));
        ServerProcess server = new ServerProcess(process, "http://127.0.0.1:" + port);
        server.awaitReady(Duration.ofSeconds(120), log);
        return server;
    }

    /** Runs a command of the command line to its end; returns what it printed on stdout. */
    static String runCommand(Map<String, String> env, Path log, String... args) {
        try {
            Process process = launch(env, log, args);
            process.getOutputStream().close();
            // Read to the end first: a child blocked on a full pipe would never exit.
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("latchkey " + args[0] + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "latchkey " + args[0] + " exited with " + process.exitValue() + "; see " + log);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Process launch(Map<String, String> env, Path log, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small heap and the quick compiler: the machine is shared, and these servers live seconds.
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Latchkey.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("LATCHKEY_"));
        builder.environment().putAll(env);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!args[0].equals("start")) {
            builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration limit, Path log) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the server exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                HttpResponse<Void> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/readyz"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server was not ready within " + limit + "; see " + log);
    }

    /**
     * SIGKILL: {@link Process#destroyForcibly()} sends it on Linux. The exit code proves it was
     * that signal (a SIGTERM, which runs shutdown hooks, would give 143).
     *
     * @return the exit code, {@link #SIGKILL_EXIT} when the kill was a SIGKILL
     */
    int kill() {
        process.destroyForcibly();
        return awaitExit();
    }

    /** SIGTERM: the server closes cleanly (shutdown hook). */
    int stop() {
        process.destroy();
        return awaitExit();
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
