package io.latchkey.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The dev mailbox page refreshes itself, and can be cleared from itself (not from elsewhere). */
class DevMailboxClearTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void thePageRefreshesItselfAndClearsFromItsOwnOriginOnly() throws Exception {
        try (TestServer server = TestServer.start()) {
            LoginFlow flow = new LoginFlow(server);
            String organizationId = flow.organizationAllowing("example.com")
                    .path("organization_id")
                    .asText();
            assertThat(flow.loginOrSignup(organizationId, "ada@example.com").status())
                    .isEqualTo(200);
            flow.awaitLink("ada@example.com");

            String page = get(server, "/dev/mailbox");
            assertThat(page)
                    .contains("<meta http-equiv=\"refresh\" content=\"5\">")
                    .contains("action=\"/dev/mailbox/clear\"")
                    .contains("ada@example.com");

            HttpResponse<String> foreign = post(server, "http://evil.example");
            assertThat(foreign.statusCode()).isEqualTo(400);
            HttpResponse<String> noOrigin = post(server, null);
            assertThat(noOrigin.statusCode()).isEqualTo(400);
            assertThat(server.client()
                            .as(null, null)
                            .get("/dev/mailbox/messages")
                            .body())
                    .isNotEmpty();

            HttpResponse<String> cleared = post(server, server.baseUrl());
            assertThat(cleared.statusCode()).isEqualTo(303);
            assertThat(cleared.headers().firstValue("Location")).hasValue("/dev/mailbox");
            assertThat(server.client()
                            .as(null, null)
                            .get("/dev/mailbox/messages")
                            .body())
                    .isEmpty();
            assertThat(get(server, "/dev/mailbox")).contains("No messages yet.");
        }
    }

    private static String get(TestServer server, String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpResponse<String> post(TestServer server, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/dev/mailbox/clear"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
