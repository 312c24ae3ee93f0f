package io.latchkey.server.http;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.RawHttp;
import io.latchkey.server.testing.RawRequest;
import io.latchkey.server.testing.TestServer;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebLayerTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;

    @BeforeAll
    static void start() {
        api = server.client();
    }

    static void assertErrorShape(ApiResponse r, int status, String errorType) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body().path("status_code").asInt()).isEqualTo(status);
        assertThat(r.text("request_id")).startsWith("request-id-");
        assertThat(r.text("error_type")).isEqualTo(errorType);
        assertThat(r.text("error_message")).isNotBlank();
        assertThat(r.text("error_url")).startsWith("https://");
        assertThat(r.rawBody())
                .doesNotContain("Exception")
                .doesNotContain("at io.")
                .doesNotContain("SELECT");
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
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
        ApiResponse wrongSecret =
                api.as(server.projectId(), "secret-test-wrong").post("/v1/b2b/organizations/search", json());
        ApiResponse wrongProject = api.as("project-test-00000000-0000-4000-8000-000000000000", server.secret())
                .post("/v1/b2b/organizations/search", json());
        assertErrorShape(wrongSecret, 401, "unauthorized_credentials");
        assertErrorShape(wrongProject, 401, "unauthorized_credentials");
        assertThat(wrongSecret.text("error_message")).isEqualTo(wrongProject.text("error_message"));
    }

    @Test
    void malformedAuthorizationHeadersAreUnauthorized() {
        for (String header : new String[] {
            "Basic", "Basic !!!", "Bearer abc", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()), ""
        }) {
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
        ApiResponse r = RawHttp.announceOversizedBody(server, "/v1/b2b/organizations");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorType()).isEqualTo("request_too_large");
        assertThat(r.text("request_id")).startsWith("request-id-");
    }

    @Test
    void successBodiesStartWithRequestIdAndStatusCodeThenTheRecordsOwnFields() {
        ApiResponse r = api.post("/v1/b2b/organizations", json("organization_name", "Envelope"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.rawBody())
                .matches("\\{\"request_id\":\"request-id-test-[^\"]+\",\"status_code\":200,\"organization\":\\{.*\\}");
        // The record's own status_code is not written a second time.
        assertThat(r.rawBody().split("\"status_code\"", -1)).hasSize(2);
    }

    @Test
    void everyResponseIsUncacheable() {
        ApiResponse r = api.get("/v1/b2b/no-such-route");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    }

    static void assertErrorShape(RawRequest.Answer a, int status, String errorType) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.header("Content-Type")).as(a.toString()).startsWith("application/json");
        assertThat(a.header("Cache-Control")).as(a.toString()).isEqualTo("no-store");
        ApiResponse r = new ApiResponse(a.status(), parse(a.body()), a.body(), null);
        assertThat(r.body().path("status_code").asInt()).as(a.toString()).isEqualTo(status);
        assertThat(r.text("request_id")).startsWith("request-id-");
        assertThat(r.text("error_type")).isEqualTo(errorType);
        assertThat(r.text("error_message")).isNotBlank();
        assertThat(r.text("error_url")).startsWith("https://");
        assertThat(a.body()).doesNotContain("<html").doesNotContain("Exception").doesNotContain("jetty");
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static RawRequest raw(String method, String target) {
        return RawRequest.of(method, target)
                .withHeader("Authorization", RawRequest.basic(server.projectId(), server.secret()));
    }

    @Test
    void pathsJettyRefusesGetTheContractsJsonErrorForEveryMethod() {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            for (String target : new String[] {
                "/v1/b2b/organizations/a%00b", "/v1/b2b/organizations/%ZZ", "/v1/b2b/organizations/%C0%AF",
                "/v1/b2b/organizations/a\\b", "/v1/b2b/organizations/x y", "/../../etc/passwd"
            }) {
                assertErrorShape(raw(method, target).withBody("{}").send(server.baseUrl()), 400, "bad_request");
            }
        }
    }

    @Test
    void aTargetTooLongOrHeadersTooLargeGetTheContractsJsonError() {
        assertErrorShape(
                raw("GET", "/v1/b2b/organizations/" + "a".repeat(20_000)).send(server.baseUrl()),
                414,
                "request_uri_too_long");
        assertErrorShape(
                raw("POST", "/v1/b2b/organizations/search")
                        .withHeader("X-Padding", "a".repeat(20_000))
                        .withBody("{}")
                        .send(server.baseUrl()),
                431,
                "request_headers_too_large");
    }

    @Test
    void malformedHeadersAndFramingGetTheContractsJsonError() {
        RawRequest search = raw("POST", "/v1/b2b/organizations/search");
        assertErrorShape(
                search.withHeader("Content-Length", "abc").withBody("{}").send(server.baseUrl()), 400, "bad_request");
        assertErrorShape(
                search.withHeader("X-Control", "a\u0001b").withBody("{}").send(server.baseUrl()), 400, "bad_request");
        assertErrorShape(
                search.withHeader("Transfer-Encoding", "gzip").withBody("{}").send(server.baseUrl()),
                400,
                "bad_request");
    }

    @Test
    void brokenChunkedFramingOfABodyIsABadRequestNotAServerError() {
        RawRequest.Answer a = raw("POST", "/v1/b2b/organizations/search")
                .withHeader("Content-Type", "application/json")
                .withHeader("Transfer-Encoding", "chunked")
                .withBody("zz\r\n{}\r\n0\r\n\r\n")
                .send(server.baseUrl());
        assertErrorShape(a, 400, "bad_request");
    }

    @Test
    void headOnAnApiRouteIsNotAllowedRatherThanAnEmptySuccess() {
        RawRequest.Answer a = raw(
                        "HEAD", "/v1/b2b/organizations/organization-test-00000000-0000-4000-8000-000000000000")
                .send(server.baseUrl());
        assertThat(a.status()).as(a.toString()).isEqualTo(405);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        assertThat(RawRequest.of("HEAD", "/v1/b2b/organizations/x")
                        .send(server.baseUrl())
                        .status())
                .isEqualTo(405);
    }

    @Test
    void aMethodOverrideHeaderIsRefusedAndNeverTurnsARequestIntoAnotherMethod() {
        String id = api.post("/v1/b2b/organizations", json("organization_name", "Override target"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        for (String[] call :
                new String[][] {{"PUT", "DELETE"}, {"POST", "DELETE"}, {"GET", "DELETE"}, {"PUT", "GET"}}) {
            RawRequest.Answer a = raw(call[0], "/v1/b2b/organizations/" + id)
                    .withHeader("X-HTTP-Method-Override", call[1])
                    .withHeader("Content-Type", "application/json")
                    .withBody("{}")
                    .send(server.baseUrl());
            assertErrorShape(a, 400, "bad_request");
        }
        assertThat(api.get("/v1/b2b/organizations/" + id).status()).isEqualTo(200);
    }

    @Test
    void aChunkedBodyOverTheLimitGetsTheContractsJsonError() {
        String body = "{\"cursor\":\"" + "x".repeat(1_100_000) + "\"}";
        StringBuilder chunked = new StringBuilder();
        for (int i = 0; i < body.length(); i += 65_536) {
            String part = body.substring(i, Math.min(body.length(), i + 65_536));
            chunked.append(Integer.toHexString(part.length()))
                    .append("\r\n")
                    .append(part)
                    .append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        RawRequest.Answer a = raw("POST", "/v1/b2b/organizations/search")
                .withHeader("Content-Type", "application/json")
                .withHeader("Transfer-Encoding", "chunked")
                .withBody(chunked.toString())
                .send(server.baseUrl());
        assertErrorShape(a, 413, "request_too_large");
    }

    @Test
    void aBodyThatIsNotStrictUtf8IsRefusedAndAByteOrderMarkIsIgnored() {
        byte[][] notUtf8 = {
            {(byte) 0xC0, (byte) 0xAF}, // overlong "/"
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
            {(byte) 0xC3, (byte) 0x28}
        };
        for (byte[] bad : notUtf8) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes("{\"organization_name\":\"a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body.writeBytes(bad);
            body.writeBytes("b\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            RawRequest.Answer a = raw("POST", "/v1/b2b/organizations")
                    .withHeader("Content-Type", "application/json")
                    .withBody(body.toByteArray())
                    .send(server.baseUrl());
            assertErrorShape(a, 400, "invalid_json");
        }
        RawRequest.Answer utf16 = raw("POST", "/v1/b2b/organizations")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"organization_name\":\"Sixteen\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16))
                .send(server.baseUrl());
        assertErrorShape(utf16, 400, "invalid_json");
        RawRequest.Answer bom = raw("POST", "/v1/b2b/organizations/search")
                .withHeader("Content-Type", "application/json")
                .withBody("\uFEFF{\"limit\": 1}")
                .send(server.baseUrl());
        assertThat(bom.status()).as(bom.toString()).isEqualTo(200);
    }

    @Test
    void aQueryWhoseEscapesDoNotDecodeIsRefusedRatherThanDropped() {
        for (String target : new String[] {
            "/dev/mailbox/messages?limit=%ZZ",
            "/dev/mailbox/messages?limit=%",
            "/dev/mailbox?limit=1%",
            "/v1/b2b/sessions?organization_id=x&member_id=%C0%AF",
            "/v1/b2b/organizations/x/member?member_id=%ED%A0%80",
            "/v1/b2b/sessions?member_id=%FF"
        }) {
            assertErrorShape(raw("GET", target).send(server.baseUrl()), 400, "bad_request");
        }
        assertThat(api.as(null, null)
                        .get("/dev/mailbox/messages?to=%C3%A9t%C3%A9%40acme.test&limit=5")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void credentialsWhoseProjectIdIsNotOneAreUnauthorizedWhateverItHolds() {
        for (String projectId :
                new String[] {server.projectId() + "\u0000", "\u0000", "' OR '1'='1", "x".repeat(150)}) {
            String header = "Basic "
                    + Base64.getEncoder()
                            .encodeToString((projectId + ":" + server.secret())
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertErrorShape(
                    api.send("GET", "/v1/b2b/organizations/x", null, Map.of("Authorization", header)),
                    401,
                    "unauthorized_credentials");
        }
    }

    @Test
    void aBodyNamingAFieldTwiceIsRefusedRatherThanReadAsTheLastValue() {
        String slug = "dup-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        ApiResponse r = api.post(
                "/v1/b2b/organizations",
                "{\"organization_name\":\"Dup\",\"organization_slug\":\"" + slug + "\",\"organization_slug\":\"" + slug
                        + "-2\"}");
        assertErrorShape(r, 400, "invalid_json");
        assertErrorShape(
                api.post("/v1/b2b/organizations/search", "{\"query\":{\"operator\":\"AND\",\"operator\":\"OR\"}}"),
                400,
                "invalid_json");
        assertThat(api.get("/v1/b2b/organizations/" + slug).status()).isEqualTo(404);
    }
}
