package io.latchkey.server.mail;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of a real SMTP server: counts the connections clients open
 * through it, and can cut all of them at once, as a relay that drops idle clients or restarts
 * does. Bytes pass unchanged.
 */
final class SmtpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicInteger opened = new AtomicInteger();
    private final List<Socket> live = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    private SmtpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "smtp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SmtpProxy to(int targetPort) {
        try {
            return new SmtpProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections clients have opened through the proxy so far. */
    int connectionsOpened() {
        return opened.get();
    }

    /** Closes every connection now open, on both sides; new ones are accepted as before. */
    void dropAll() {
        for (Socket s : live) {
            closeQuietly(s);
        }
        live.clear();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                opened.incrementAndGet();
                live.add(client);
                live.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // Closed, or the target refused: the client sees its connection fail.
            }
        }
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
                        // One side went away; the other is closed below.
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "smtp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        open = false;
        closeQuietly(listener);
        dropAll();
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
