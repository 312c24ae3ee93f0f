package io.latchkey.server.nodes;

import io.latchkey.server.testing.ApiClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node in a process of its own, started the way an operator starts one ({@code latchkey start}
 * with its settings in the environment), so that it can be killed as a crash would kill it.
 */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private NodeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code latchkey start} with {@code environment} and waits until it is ready. */
    static NodeProcess start(Map<String, String> environment) {
        int port = freePort();
        try {
            Path log = Files.createTempFile("latchkey-node-", ".log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder builder = new ProcessBuilder(
                            java,
                            "-Xmx384m",
                            "-cp",
                            classpath,
                            "io.latchkey.server.Latchkey",
                            "start",
                            "--port",
                            Integer.toString(port),
                            "--host",
                            "127.0.0.1")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("LATCHKEY_"));
            builder.environment().putAll(environment);
            NodeProcess node = new NodeProcess(builder.start(), port, log);
            node.awaitReady();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook, no closing of connections, no finishing of the message in hand. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() throws IOException {
        ApiClient probe = new ApiClient(baseUrl(), null, null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node process exited: " + Files.readString(log));
            }
            try {
                if (probe.get("/readyz").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYetListening) {
                // Still starting.
            }
            Cluster.pause(100);
        }
        kill();
        throw new IllegalStateException("the node process did not get ready: " + Files.readString(log));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kill();
        new File(log.toString()).delete();
    }
}
