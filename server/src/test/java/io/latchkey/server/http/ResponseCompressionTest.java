package io.latchkey.server.http;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.core.Json;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official SDKs' HTTP clients ask for gzip on every call. Small bodies (a session check's)
 * are sent as they are, with their length; large ones are gzipped for such a client.
 */
class ResponseCompressionTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void organizations() {
        api = server.client();
        // Enough organizations that one page of them is well past the small-body size.
        for (int i = 0; i < 40; i++) {
            var created = api.post(
                    "/v1/b2b/organizations",
                    json(
                            "organization_name",
                            "Compression " + i,
                            "organization_slug",
                            "compression-" + i,
                            "trusted_metadata",
                            json("note", "x".repeat(600))));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
        }
    }

    @Test
    void aSmallBodyIsSentWithItsLengthAndUncompressedEvenWhenGzipIsAccepted() throws Exception {
        HttpResponse<byte[]> r = search(1, "gzip, deflate");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
        assertThat(r.body().length).isLessThanOrEqualTo(ApiServer.GZIP_MIN_BYTES);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.path("status_code").asInt()).isEqualTo(200);
        assertThat(body.path("organizations")).hasSize(1);
    }

    @Test
    void aLargeBodyIsGzippedForAClientThatAcceptsGzipAndOnlyForIt() throws Exception {
        HttpResponse<byte[]> gzipped = search(100, "gzip");
        HttpResponse<byte[]> plain = search(100, null);

        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            unzipped = in.readAllBytes();
        }
        assertThat(unzipped.length).isGreaterThan(ApiServer.GZIP_MIN_BYTES);
        assertThat(gzipped.body().length).isLessThan(unzipped.length);

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.body().length).isGreaterThan(ApiServer.GZIP_MIN_BYTES);
        JsonNode fromGzip = Json.mapper().readTree(unzipped);
        JsonNode fromPlain = Json.mapper().readTree(plain.body());
        assertThat(fromGzip.path("organizations")).hasSizeGreaterThanOrEqualTo(40);
        assertThat(fromGzip.path("organizations")).isEqualTo(fromPlain.path("organizations"));
    }

    @Test
    void anErrorBodyIsSentWhole() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/b2b/organizations/search"))
                .header("Authorization", basic())
                .header("Content-Type", "application/json")
                .header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("{\"limit\": \"many\""))
                .build();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
        assertThat(Json.mapper().readTree(r.body()).path("error_type").asText()).isNotBlank();
    }

    private static HttpResponse<byte[]> search(int limit, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/v1/b2b/organizations/search"))
                .header("Authorization", basic())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"limit\": " + limit + "}"));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((server.projectId() + ":" + server.secret()).getBytes(StandardCharsets.UTF_8));
    }
}
