package io.latchkey.server.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
    String credentials = Base64.getEncoder().encodeToString(
        (server.projectId() + ":" + server.secret()).getBytes(StandardCharsets.UTF_8));
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
      return new ApiResponse(status, new ObjectMapper().readTree(body), body, HttpHeaders.of(Map.of(), (a, b) -> true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
