package io.latchkey.server.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a fixed loopback port in front of a real server (the test PostgreSQL), that can
 * go down and come back as a restarted database does: {@link #down()} drops every connection and
 * refuses new ones, {@link #up()} listens again on the same port. Bytes pass unchanged.
 */
final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> live = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptOn(listener);
    }

    static TcpProxy to(String host, int port) {
        try {
            return new TcpProxy(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** Every open connection dropped, new ones refused (connection refused). */
    synchronized void down() {
        closeQuietly(listener);
        for (Socket s : live) {
            closeQuietly(s);
        }
        live.clear();
    }

    /** Accepting again on the same port. */
    synchronized void up() {
        try {
            listener = listen(port);
            acceptOn(listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void acceptOn(ServerSocket socket) {
        Thread acceptor = new Thread(
                () -> {
                    while (!socket.isClosed()) {
                        try {
                            Socket client = socket.accept();
                            Socket server = new Socket(targetHost, targetPort);
                            live.add(client);
                            live.add(server);
                            pump(client, server);
                            pump(server, client);
                        } catch (IOException e) {
                            // Closed by down(), or the target refused: the client sees its connection fail.
                        }
                    }
                },
                "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // One side went away; both are closed below.
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        live.remove(from);
                        live.remove(to);
                    }
                },
                "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        down();
    }
}
