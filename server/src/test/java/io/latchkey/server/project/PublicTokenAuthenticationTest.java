package io.latchkey.server.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Browser-facing routes ({@code /v1/public/}) name their project by a public token, never by the
 * secret; the rest of the API never takes a public token. An unknown public route past a good
 * token answers route_not_found, which shows the token was accepted.
 */
class PublicTokenAuthenticationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient anonymous;

    @BeforeAll
    static void start() {
        anonymous = server.client().as(null, null);
    }

    @Test
    void publicRouteWithTheProjectsPublicTokenIsAuthenticated() {
        ApiResponse r = anonymous.get("/v1/public/no-such-route?public_token=" + server.publicToken());
        assertThat(r.status()).as(r.rawBody()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("route_not_found");
    }

    @Test
    void publicRouteWithoutPublicTokenIsUnauthorizedEvenWithTheSecret() {
        ApiResponse r = server.client().get("/v1/public/no-such-route");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
    }

    @Test
    void publicRouteWithUnknownOrMalformedPublicTokenIsUnauthorized() {
        for (String token : new String[] {
            "public-token-test-00000000-0000-0000-0000-000000000000",
            server.secret(),
            server.projectId(),
            "public-token-%00"
        }) {
            ApiResponse r = anonymous.get("/v1/public/no-such-route?public_token=" + token);
            assertThat(r.status()).as(token).isEqualTo(401);
            assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
        }
    }

    @Test
    void deletedPublicTokenStopsWorkingAndANewOneWorks() {
        String fresh =
                server.app().projects().createPublicToken(server.projectId()).publicToken();
        assertThat(anonymous.get("/v1/public/x?public_token=" + fresh).status()).isEqualTo(404);
        assertThat(server.app().projects().deletePublicToken(server.projectId(), fresh))
                .isTrue();
        assertThat(anonymous.get("/v1/public/x?public_token=" + fresh).status()).isEqualTo(401);
        assertThat(anonymous
                        .get("/v1/public/x?public_token=" + server.publicToken())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void publicTokenIsNotACredentialForTheSecretApi() {
        ApiResponse r = anonymous.send(
                "GET",
                "/v1/b2b/organizations/x?public_token=" + server.publicToken(),
                null,
                java.util.Map.of(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((server.projectId() + ":" + server.publicToken()).getBytes())));
        assertThat(r.status()).isEqualTo(401);
    }
}
