package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.organization.OrganizationResponse;
import io.latchkey.sdk.request.Requests;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failure handling the real server cannot be made to show on demand (5xx, slowness, a dead
 * port, foreign error shapes), against a tiny local HTTP server.
 */
class TransportTest {
    private static final String PROJECT = "project-test-22222222-2222-4222-8222-222222222222";
    private static final String ORG_PATH = "/v1/b2b/organizations/organization-test-1";
    private static final String ORG_JSON =
            "{\"request_id\":\"request-id-test-ok\",\"status_code\":200,\"organization\":"
                    + "{\"organization_id\":\"organization-test-1\",\"organization_name\":\"Acme\","
                    + "\"organization_slug\":\"acme\",\"a_field_from_the_future\":[1,2]},\"another_new_field\":{}}";
    private static final String UNAVAILABLE =
            "{\"status_code\":503,\"request_id\":\"request-id-test-503\",\"error_type\":\"service_unavailable\","
                    + "\"error_message\":\"try later\",\"error_url\":\"https://stytch.com/docs/api/errors/503\"}";

    private FakeApi api;

    @BeforeEach
    void start() {
        api = FakeApi.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private B2BClient client() {
        return B2BClient.builder(PROJECT, "secret-test-abc")
                .baseUrl(api.baseUrl() + "/")
                .retryBackoff(Duration.ofMillis(1))
                .build();
    }

    @Test
    void getWhenServerFailsOnceWith5xxThenRetriedAndSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        api.on(
                "GET " + ORG_PATH,
                r -> calls.incrementAndGet() == 1
                        ? FakeApi.Answer.json(503, UNAVAILABLE)
                        : FakeApi.Answer.json(200, ORG_JSON));

        OrganizationResponse response = client().organizations().get("organization-test-1");

        assertThat(response.organization().organizationName()).isEqualTo("Acme");
        assertThat(response.requestId()).isEqualTo("request-id-test-ok");
        assertThat(api.count("GET", ORG_PATH)).isEqualTo(2);
    }

    @Test
    void getWhenServerKeepsFailingThenGivesUpAfterTheBoundedAttempts() {
        api.on("GET " + ORG_PATH, r -> FakeApi.Answer.json(503, UNAVAILABLE));

        assertThatThrownBy(() -> client().organizations().get("organization-test-1"))
                .isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.errorType()).isEqualTo("service_unavailable");
                    assertThat(e.requestId()).isEqualTo("request-id-test-503");
                });
        assertThat(api.count("GET", ORG_PATH)).isEqualTo(3);
    }

    @Test
    void getWhenRetriesDisabledThenOneAttempt() {
        api.on("GET " + ORG_PATH, r -> FakeApi.Answer.json(500, UNAVAILABLE));
        B2BClient noRetry = B2BClient.builder(PROJECT, "s")
                .baseUrl(api.baseUrl())
                .maxRetries(0)
                .build();
        assertThatThrownBy(() -> noRetry.organizations().get("organization-test-1"))
                .isInstanceOf(LatchkeyApiException.class);
        assertThat(api.count("GET", ORG_PATH)).isEqualTo(1);
    }

    @Test
    void postPutAndDeleteWhenServerFailsWith5xxThenNeverRetried() {
        api.on("POST /v1/b2b/organizations", r -> FakeApi.Answer.json(503, UNAVAILABLE));
        api.on("PUT " + ORG_PATH, r -> FakeApi.Answer.json(503, UNAVAILABLE));
        api.on("DELETE " + ORG_PATH, r -> FakeApi.Answer.json(503, UNAVAILABLE));
        B2BClient client = client();

        assertThatThrownBy(() -> client.organizations()
                        .create(Requests.createOrganization("Acme").build()))
                .isInstanceOf(LatchkeyApiException.class);
        assertThatThrownBy(() -> client.organizations()
                        .update(
                                "organization-test-1",
                                Requests.updateOrganization().build()))
                .isInstanceOf(LatchkeyApiException.class);
        assertThatThrownBy(() -> client.organizations().delete("organization-test-1"))
                .isInstanceOf(LatchkeyApiException.class);

        assertThat(api.count("POST", "/v1/b2b/organizations")).isEqualTo(1);
        assertThat(api.count("PUT", ORG_PATH)).isEqualTo(1);
        assertThat(api.count("DELETE", ORG_PATH)).isEqualTo(1);
    }

    @Test
    void callsCarryBasicCredentialsJsonAndSnakeCaseAndLeaveNullsOut() {
        api.on("POST /v1/b2b/organizations", r -> FakeApi.Answer.json(200, ORG_JSON));

        client().organizations()
                .create(Requests.createOrganization("Acme")
                        .organizationSlug("acme")
                        .build());

        FakeApi.Request request = api.requests().get(0);
        String expected = "Basic "
                + Base64.getEncoder().encodeToString((PROJECT + ":secret-test-abc").getBytes(StandardCharsets.UTF_8));
        assertThat(request.headers().getFirst("Authorization")).isEqualTo(expected);
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo("{\"organization_name\":\"Acme\",\"organization_slug\":\"acme\"}");
    }

    @Test
    void pathAndQueryIdsArePercentEncoded() {
        api.on("GET /v1/b2b/organizations/a b/member", r -> FakeApi.Answer.json(200, "{\"status_code\":200}"));
        client().organizations().members().getByEmail("a b", "ada+1@example.com");
        FakeApi.Request request = api.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/b2b/organizations/a b/member");
        assertThat(request.query()).isEqualTo("email_address=ada%2B1%40example.com");
    }

    @Test
    void whenNothingListensThenNetworkExceptionAfterRetries() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        B2BClient client = B2BClient.builder(PROJECT, "s")
                .baseUrl("http://127.0.0.1:" + port)
                .retryBackoff(Duration.ofMillis(1))
                .build();

        assertThatThrownBy(() -> client.organizations().get("organization-test-1"))
                .isExactlyInstanceOf(LatchkeyNetworkException.class)
                .hasMessageContaining("GET /v1/b2b/organizations/organization-test-1");
        assertThatThrownBy(() -> client.organizations()
                        .create(Requests.createOrganization("x").build()))
                .isExactlyInstanceOf(LatchkeyNetworkException.class);
    }

    @Test
    void whenTheAnswerIsTooSlowThenTimeoutException() {
        api.on("GET " + ORG_PATH, r -> new FakeApi.Answer(200, ORG_JSON, 5_000));
        B2BClient client = B2BClient.builder(PROJECT, "s")
                .baseUrl(api.baseUrl())
                .requestTimeout(Duration.ofMillis(200))
                .build();

        assertThatThrownBy(() -> client.organizations().get("organization-test-1"))
                .isInstanceOf(LatchkeyTimeoutException.class)
                .isInstanceOf(LatchkeyNetworkException.class);
        // A timeout is the caller's bound on waiting: not multiplied by retries.
        assertThat(api.count("GET", ORG_PATH)).isEqualTo(1);
    }

    @Test
    void whenTheErrorBodyIsNotJsonThenUnreadableResponseWithTheStatus() {
        api.on("GET " + ORG_PATH, r -> FakeApi.Answer.json(404, "<html>Not here</html>"));
        assertThatThrownBy(() -> client().organizations().get("organization-test-1"))
                .isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorType()).isEqualTo(LatchkeyApiException.UNREADABLE_RESPONSE);
                    assertThat(e.errorMessage()).contains("<html>Not here</html>");
                });
    }

    @Test
    void whenTheErrorIsInTheOAuth2ShapeThenItsFieldsAreUsed() {
        api.on(
                "POST /v1/b2b/sessions/authenticate",
                r -> FakeApi.Answer.json(
                        401,
                        "{\"status_code\":401,\"error\":\"invalid_grant\",\"error_description\":\"nope\",\"error_uri\":\"u\"}"));
        assertThatThrownBy(() -> client().sessions()
                        .authenticate(Requests.authenticateSessionToken("t").build()))
                .isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("invalid_grant");
                    assertThat(e.errorMessage()).isEqualTo("nope");
                    assertThat(e.errorUrl()).isEqualTo("u");
                });
    }

    @Test
    void whenASuccessBodyIsNotJsonThenUnreadableResponse() {
        api.on("GET " + ORG_PATH, r -> FakeApi.Answer.json(200, "OK"));
        assertThatThrownBy(() -> client().organizations().get("organization-test-1"))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo(LatchkeyApiException.UNREADABLE_RESPONSE));
    }

    @Test
    void asyncCallsFailWithTheSameExceptionsInsideCompletionException() {
        api.on("GET " + ORG_PATH, r -> FakeApi.Answer.json(503, UNAVAILABLE));
        assertThatThrownBy(() ->
                        client().organizations().getAsync("organization-test-1").join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(503));
    }

    @Test
    void builderRefusesBadSettingsNamingThem() {
        assertThatThrownBy(() -> B2BClient.builder("", "s")).hasMessageContaining("projectId");
        assertThatThrownBy(() -> B2BClient.builder(PROJECT, null)).hasMessageContaining("secret");
        assertThatThrownBy(() -> B2BClient.builder(PROJECT, "s").baseUrl("ftp://x"))
                .hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> B2BClient.builder(PROJECT, "s").requestTimeout(Duration.ZERO))
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> B2BClient.builder(PROJECT, "s").maxRetries(-1)).hasMessageContaining("maxRetries");
    }

    @Test
    void baseUrlDefaultsToHostedStytchByProjectKind() {
        assertThat(B2BClient.builder("project-live-x", "s").build().baseUrl()).isEqualTo("https://api.stytch.com");
        assertThat(B2BClient.builder("project-test-x", "s").build().baseUrl()).isEqualTo("https://test.stytch.com");
        assertThat(client().baseUrl()).isEqualTo(api.baseUrl());
    }
}
