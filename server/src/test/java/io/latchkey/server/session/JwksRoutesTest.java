package io.latchkey.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.latchkey.server.core.Environment;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JwksRoutesTest {
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient anonymous;

    @BeforeAll
    static void start() {
        anonymous = server.client().as(null, null);
    }

    static ApiResponse jwks(String projectId) {
        return anonymous.get("/v1/b2b/sessions/jwks/" + projectId);
    }

    static void assertErrorShape(ApiResponse r, int status, String errorType) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body().path("status_code").asInt()).isEqualTo(status);
        assertThat(r.text("request_id")).startsWith("request-id-");
        assertThat(r.text("error_type")).isEqualTo(errorType);
        assertThat(r.text("error_message")).isNotBlank();
        assertThat(r.text("error_url")).startsWith("https://");
    }

    @Test
    void jwksAnswersWithoutCredentialsInTheShapeBothSdksParse() throws Exception {
        ApiResponse r = jwks(server.projectId());

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("status_code").asInt()).isEqualTo(200);
        assertThat(r.text("request_id")).startsWith("request-id-");
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode keys = r.body().path("keys");
        assertThat(keys.isArray()).isTrue();
        assertThat(keys).hasSize(1);
        JsonNode key = keys.get(0);
        List<String> fields = new ArrayList<>();
        key.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("kty", "use", "key_ops", "alg", "kid", "x5c", "x5tS256", "n", "e");
        assertThat(key.path("kty").asText()).isEqualTo("RSA");
        assertThat(key.path("use").asText()).isEqualTo("sig");
        assertThat(key.path("key_ops").isArray()).isTrue();
        assertThat(key.path("key_ops")).hasSize(1);
        assertThat(key.path("key_ops").get(0).asText()).isEqualTo("verify");
        assertThat(key.path("alg").asText()).isEqualTo("RS256");
        assertThat(key.path("kid").asText()).matches("jwk-test-" + UUID);
        assertThat(key.path("x5c").isArray()).isTrue();
        assertThat(key.path("x5c")).isEmpty();
        assertThat(key.path("x5tS256").isTextual()).isTrue();
        assertThat(key.path("x5tS256").asText()).isEmpty();
        assertThat(key.path("e").asText()).isEqualTo("AQAB");
        String n = key.path("n").asText();
        assertThat(n).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        byte[] modulus = Base64.getUrlDecoder().decode(n);
        assertThat(modulus).hasSize(256);
        assertThat(modulus[0] & 0x80).isNotZero();

        // A JOSE library reads it as one public 2048-bit RSA key.
        JWKSet set = JWKSet.parse(r.rawBody());
        assertThat(set.getKeys()).hasSize(1);
        RSAKey rsa = (RSAKey) set.getKeys().get(0);
        assertThat(rsa.isPrivate()).isFalse();
        assertThat(rsa.size()).isEqualTo(2048);
    }

    @Test
    void jwksMayBeCachedBrieflyByClientsAndProxies() {
        ApiResponse r = jwks(server.projectId());
        assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=60");
    }

    @Test
    void jwksIsTheSameOnEveryRequestAndIgnoresCredentials() {
        String kid =
                jwks(server.projectId()).body().path("keys").get(0).path("kid").asText();
        ApiResponse withWrongSecret = anonymous
                .as(server.projectId(), "secret-test-wrong")
                .get("/v1/b2b/sessions/jwks/" + server.projectId());
        assertThat(withWrongSecret.status()).isEqualTo(200);
        assertThat(withWrongSecret.body().path("keys").get(0).path("kid").asText())
                .isEqualTo(kid);
        assertThat(jwks(server.projectId())
                        .body()
                        .path("keys")
                        .get(0)
                        .path("kid")
                        .asText())
                .isEqualTo(kid);
    }

    @Test
    void jwksOfAnUnknownProjectIsNotFound() {
        assertErrorShape(jwks("project-test-00000000-0000-4000-8000-000000000000"), 404, "project_not_found");
        assertErrorShape(jwks("no-such-project"), 404, "project_not_found");
        assertErrorShape(jwks(server.projectId().toUpperCase()), 404, "project_not_found");
    }

    @Test
    void jwksListsTheKeyThatWillSignBeforeAnyJwtIsMinted() {
        NewProject fresh = server.newProject("Fresh");
        String kid = jwks(fresh.project().projectId())
                .body()
                .path("keys")
                .get(0)
                .path("kid")
                .asText();

        String jwt = server.app()
                .sessionJwts()
                .mint(fresh.project(), SessionFixtures.claims(server.clock().instant()));

        assertThat(SessionFixtures.kidOf(jwt)).isEqualTo(kid);
    }

    @Test
    void liveProjectsSignWithLiveKeyIds() {
        NewProject live = server.app().projects().create("Live", Environment.LIVE, TestServer.devRedirects());
        ApiResponse r = jwks(live.project().projectId());
        assertThat(r.body().path("keys").get(0).path("kid").asText()).matches("jwk-live-" + UUID);
    }

    @Test
    void eachProjectPublishesOnlyItsOwnKeys() {
        NewProject other = server.newProject("Other");
        JsonNode ours = jwks(server.projectId()).body().path("keys");
        JsonNode theirs = jwks(other.project().projectId()).body().path("keys");
        assertThat(theirs).hasSize(1);
        assertThat(theirs.get(0).path("kid").asText())
                .isNotEqualTo(ours.get(0).path("kid").asText());
        assertThat(theirs.get(0).path("n").asText())
                .isNotEqualTo(ours.get(0).path("n").asText());
    }
}
