package io.latchkey.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request written byte for byte to a socket: any method, any request target
 * (unencoded, with dot segments, NUL escapes or raw UTF-8), any headers, any body. No client
 * library would send most of what the hostile-input tests need, so this one sends exactly what it
 * is given and reads the answer until the server closes the connection.
 *
 * <p>Immutable; {@link #send} is safe to call from several threads.
 */
public record RawRequest(String method, String target, List<String[]> headers, byte[] body, boolean endInput) {

    /** How long a test waits for an answer before calling it a hang. */
    public static final int TIMEOUT_MILLIS = 30_000;

    public static RawRequest of(String method, String target) {
        return new RawRequest(method, target, List.of(), null, false);
    }

    public RawRequest withBody(byte[] value) {
        return new RawRequest(method, target, headers, value, endInput);
    }

    /**
     * Shuts the connection's sending side once the request is written, as a client that gives up
     * mid-body does: the server then sees the body end early instead of waiting for the rest.
     */
    public RawRequest endingInput() {
        return new RawRequest(method, target, headers, body, true);
    }

    public RawRequest withBody(String json) {
        return withBody(json.getBytes(StandardCharsets.UTF_8));
    }

    public RawRequest withTarget(String value) {
        return new RawRequest(method, value, headers, body, endInput);
    }

    public RawRequest withMethod(String value) {
        return new RawRequest(value, target, headers, body, endInput);
    }

    /** Adds a header; the same name may be given several times. */
    public RawRequest withHeader(String name, String value) {
        List<String[]> all = new ArrayList<>(headers);
        all.add(new String[] {name, value});
        return new RawRequest(method, target, List.copyOf(all), body, endInput);
    }

    /** Replaces every header of this name (case-insensitively) with one value, or none if null. */
    public RawRequest replacingHeader(String name, String value) {
        List<String[]> all = new ArrayList<>();
        for (String[] h : headers) {
            if (!h[0].equalsIgnoreCase(name)) {
                all.add(h);
            }
        }
        if (value != null) {
            all.add(new String[] {name, value});
        }
        return new RawRequest(method, target, List.copyOf(all), body, endInput);
    }

    public static String basic(String projectId, String secret) {
        return "Basic "
                + Base64.getEncoder().encodeToString((projectId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** A short description for assertion messages: the method, the target cut to 160 characters and the body's size. */
    public String describe() {
        String t = target.length() > 160 ? target.substring(0, 160) + "…(" + target.length() + ")" : target;
        String b = body == null
                ? ""
                : body.length > 300
                        ? " body[" + body.length + " bytes]: " + new String(body, 0, 300, StandardCharsets.UTF_8) + "…"
                        : " body: " + new String(body, StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder();
        for (String[] header : headers) {
            String v = header[1].length() > 80 ? header[1].substring(0, 80) + "…" : header[1];
            h.append(" [").append(header[0]).append(": ").append(v).append(']');
        }
        return method + " " + t + h + b;
    }

    /** Sends the request to {@code baseUrl} (scheme, host and port only are used). */
    public Answer send(String baseUrl) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
            boolean hasHost = false;
            boolean hasLength = false;
            for (String[] h : headers) {
                hasHost |= h[0].equalsIgnoreCase("Host");
                hasLength |= h[0].equalsIgnoreCase("Content-Length") || h[0].equalsIgnoreCase("Transfer-Encoding");
                head.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!hasHost) {
                head.writeBytes(("Host: " + base.getHost() + ":" + base.getPort() + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            if (!hasLength && body != null) {
                head.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            head.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                if (endInput) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server may answer and close before it has read everything (a refused body); the
                // answer is still there to read.
            }
            byte[] raw = readAll(socket.getInputStream());
            return Answer.parse(raw);
        } catch (SocketTimeoutException e) {
            return Answer.timedOut();
        } catch (IOException e) {
            return Answer.failed(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // A reset after the answer was sent: keep what arrived.
            if (bytes.size() == 0) {
                throw e;
            }
        }
        return bytes.toByteArray();
    }

    /**
     * What came back. {@code status} is -1 when nothing parseable arrived ({@code problem} says
     * why: a timeout or a dropped connection).
     */
    public record Answer(int status, Map<String, List<String>> headers, String body, String problem) {

        static Answer timedOut() {
            return new Answer(-1, Map.of(), "", "no answer within " + TIMEOUT_MILLIS + " ms");
        }

        static Answer failed(IOException e) {
            return new Answer(-1, Map.of(), "", "connection failed: " + e);
        }

        /** The first value of a header (name in any case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        static Answer parse(byte[] raw) {
            // Interim 1xx answers (100 Continue) precede the real one.
            while (raw.length > 12
                    && raw[9] == '1'
                    && new String(raw, 0, 5, StandardCharsets.US_ASCII).equals("HTTP/")) {
                int interimEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (interimEnd < 0) {
                    break;
                }
                raw = java.util.Arrays.copyOfRange(raw, interimEnd + 4, raw.length);
            }
            int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                return new Answer(
                        -1,
                        Map.of(),
                        new String(raw, StandardCharsets.UTF_8),
                        raw.length == 0
                                ? "the server closed the connection without an answer"
                                : "no complete header block");
            }
            String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            int status;
            try {
                status = Integer.parseInt(lines[0].split(" ")[1]);
            } catch (RuntimeException e) {
                return new Answer(-1, Map.of(), "", "bad status line: " + lines[0]);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(
                                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                    k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).strip());
                }
            }
            byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            List<String> te = headers.get("transfer-encoding");
            if (te != null
                    && te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
                body = dechunk(body);
            }
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), null);
        }

        private static byte[] dechunk(byte[] in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int pos = 0;
            while (pos < in.length) {
                int lineEnd = indexOf(in, "\r\n".getBytes(StandardCharsets.US_ASCII), pos);
                if (lineEnd < 0) {
                    break;
                }
                String sizeText = new String(in, pos, lineEnd - pos, StandardCharsets.US_ASCII).split(";")[0].strip();
                int size = Integer.parseInt(sizeText, 16);
                if (size == 0) {
                    break;
                }
                out.write(in, lineEnd + 2, Math.min(size, in.length - lineEnd - 2));
                pos = lineEnd + 2 + size + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            return indexOf(haystack, needle, 0);
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = from; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public String toString() {
            String b = body.length() > 600 ? body.substring(0, 600) + "…" : body;
            return problem != null ? problem : status + " " + headers + " " + b;
        }
    }
}
