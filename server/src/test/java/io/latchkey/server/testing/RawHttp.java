package io.latchkey.server.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Requests no well-behaved HTTP client would send, written straight to a socket. */
public final class RawHttp {
    private RawHttp() {}

    /**
     * Sends only the headers of a POST whose Content-Length is over the 1 MiB limit. The server
     * refuses on the header alone; not sending the body keeps the client from racing the server's
     * close of the connection (which otherwise shows up as an occasional connection reset).
     */
    public static ApiResponse announceOversizedBody(TestServer server, String path) {
        String credentials = Base64.getEncoder()
                .encodeToString((server.projectId() + ":" + server.secret()).getBytes(StandardCharsets.UTF_8));
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Basic "
                    + credentials + "\r\nContent-Type: application/json\r\nContent-Length: " + (1024 * 1024 + 10)
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (response.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf('}') + 1);
            }
            return new ApiResponse(
                    status, new ObjectMapper().readTree(body), body, HttpHeaders.of(Map.of(), (a, b) -> true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code parts} to a new connection, one write and flush each, pausing {@code
     * pauseMillis} between them, then reads until the server closes the connection or {@code
     * timeoutMillis} pass. Nothing more is sent after the last part: when it leaves the request
     * unfinished, only the server's own timeout ends the exchange. The answer's status is -1 when
     * the server closed without answering or did not close in time ({@code problem} says which).
     */
    public static RawRequest.Answer exchange(String baseUrl, List<byte[]> parts, long pauseMillis, int timeoutMillis) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                for (int i = 0; i < parts.size(); i++) {
                    if (i > 0 && pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                    out.write(parts.get(i));
                    out.flush();
                }
            } catch (IOException e) {
                // The server may refuse and close before it has read everything: its answer is still there to read.
            }
            return RawRequest.Answer.parse(readUntilClosed(socket.getInputStream()));
        } catch (SocketTimeoutException e) {
            return new RawRequest.Answer(
                    -1, Map.of(), "", "the connection was still open after " + timeoutMillis + " ms");
        } catch (IOException e) {
            return new RawRequest.Answer(-1, Map.of(), "", "connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@link #exchange} of one write. */
    public static RawRequest.Answer exchange(String baseUrl, byte[] request, int timeoutMillis) {
        return exchange(baseUrl, List.of(request), 0, timeoutMillis);
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // A reset: the server gave up on the connection; whatever it said first counts.
        }
        return bytes.toByteArray();
    }
}
