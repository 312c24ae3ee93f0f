package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.tokenOf;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of a full login flow and searches it for the secrets and tokens the
 * flow handled: none may appear, in messages or in logged exceptions.
 */
class NoSecretsInLogsTest {

  @Test
  void aFullLoginFlowLogsNoSecretTokenOrJwt() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    captured.start();
    root.addAppender(captured);
    List<String> secrets = new ArrayList<>();
    try (TestServer server = TestServer.start()) {
      secrets.add(server.secret());
      ApiClient api = server.client();
      LoginFlow flow = new LoginFlow(server);
      JsonNode org = flow.organizationAllowing("acme.test");
      String orgId = org.path("organization_id").asText();
      String email = unique("u") + "@acme.test";

      flow.loginOrSignup(orgId, email);
      String link = flow.awaitLink(email);
      String magicToken = tokenOf(link);
      secrets.add(magicToken);
      ApiResponse login = api.post("/v1/b2b/magic_links/authenticate", json("magic_links_token", magicToken));
      String sessionToken = login.text("session_token");
      String jwt = login.text("session_jwt");
      secrets.add(sessionToken);
      secrets.add(jwt);
      secrets.add(jwt.substring(jwt.lastIndexOf('.') + 1));

      // Failures log too: a reused link, a wrong secret, a garbage JWT, a revoked session.
      api.post("/v1/b2b/magic_links/authenticate", json("magic_links_token", magicToken));
      api.as(server.projectId(), "secret-test-wrong-" + unique("s")).get("/v1/b2b/organizations/" + orgId);
      api.post("/v1/b2b/sessions/authenticate", json("session_jwt", jwt + "x"));
      api.post("/v1/b2b/sessions/authenticate", json("session_token", sessionToken));
      api.post("/v1/b2b/sessions/revoke", json("session_token", sessionToken));
      api.post("/v1/b2b/sessions/authenticate", json("session_token", sessionToken));
      api.send("GET", "/v1/b2b/organizations/" + orgId + "?token=" + magicToken, null, java.util.Map.of());
    } finally {
      root.detachAppender(captured);
    }
    String everything = captured.list.stream()
        .map(e -> e.getFormattedMessage() + "\n" + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
        .collect(Collectors.joining("\n"));
    assertThat(captured.list).as("the request log must have captured the flow").hasSizeGreaterThan(8);
    for (String secret : secrets) {
      assertThat(everything).doesNotContain(secret);
    }
  }
}
