package io.latchkey.server.http;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebLayerTest {
  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void assertErrorShape(ApiResponse r, int status, String errorType) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.body().path("status_code").asInt()).isEqualTo(status);
    assertThat(r.text("request_id")).startsWith("request-id-");
    assertThat(r.text("error_type")).isEqualTo(errorType);
    assertThat(r.text("error_message")).isNotBlank();
    assertThat(r.text("error_url")).startsWith("https://");
    assertThat(r.rawBody()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("SELECT");
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
  }

  @Test
  void healthzAnswersWithoutCredentials() {
    assertThat(api.as(null, null).get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void readyzReportsTheDatabaseReachable() {
    ApiResponse r = api.as(null, null).get("/readyz");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text("status")).isEqualTo("ready");
  }

  @Test
  void metricsExposePerRouteHistogramsAndPoolAndJvmGauges() {
    api.get("/v1/b2b/no-such-route");
    String metrics = api.as(null, null).get("/metrics").rawBody();
    assertThat(metrics)
        .contains("latchkey_http_requests_seconds_bucket")
        .contains("hikaricp_connections")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void missingCredentialsAreUnauthorized() {
    assertErrorShape(api.as(null, null).get("/v1/b2b/organizations/x"), 401, "unauthorized_credentials");
  }

  @Test
  void wrongSecretAndUnknownProjectGetTheSameAnswer() {
    ApiResponse wrongSecret = api.as(server.projectId(), "secret-test-wrong").post("/v1/b2b/organizations/search", json());
    ApiResponse wrongProject = api.as("project-test-00000000-0000-4000-8000-000000000000", server.secret())
        .post("/v1/b2b/organizations/search", json());
    assertErrorShape(wrongSecret, 401, "unauthorized_credentials");
    assertErrorShape(wrongProject, 401, "unauthorized_credentials");
    assertThat(wrongSecret.text("error_message")).isEqualTo(wrongProject.text("error_message"));
  }

  @Test
  void malformedAuthorizationHeadersAreUnauthorized() {
    for (String header : new String[] {"Basic", "Basic !!!", "Bearer abc", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()), ""}) {
      ApiResponse r = api.send("GET", "/v1/b2b/organizations/x", null, Map.of("Authorization", header));
      assertErrorShape(r, 401, "unauthorized_credentials");
    }
  }

  @Test
  void unknownRouteIsNotFoundInTheContractShape() {
    assertErrorShape(api.get("/v1/b2b/no-such-route"), 404, "route_not_found");
    assertErrorShape(api.as(null, null).get("/nothing-here"), 404, "route_not_found");
  }

  @Test
  void bodyOverOneMebibyteIsRefused() {
    String big = "{\"organization_name\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}";
    assertErrorShape(api.post("/v1/b2b/organizations", big), 413, "request_too_large");
  }

  @Test
  void successBodiesStartWithRequestIdAndStatusCodeThenTheRecordsOwnFields() {
    ApiResponse r = api.post("/v1/b2b/organizations", json("organization_name", "Envelope"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.rawBody()).matches("\\{\"request_id\":\"request-id-test-[^\"]+\",\"status_code\":200,\"organization\":\\{.*\\}");
    // The record's own status_code is not written a second time.
    assertThat(r.rawBody().split("\"status_code\"", -1)).hasSize(2);
  }

  @Test
  void everyResponseIsUncacheable() {
    ApiResponse r = api.get("/v1/b2b/no-such-route");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
  }
}
