package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OIDC connections over HTTP: create, update, list, delete, and the organization's view of them. */
class SsoConnectionsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(o -> o.withDevMode(false));

    static ApiClient client;

    @BeforeAll
    static void start() {
        client = server.client();
    }

    static String newOrg(String name) {
        ApiResponse r = client.post("/v1/b2b/organizations", json("organization_name", name));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        return r.body().path("organization").path("organization_id").asText();
    }

    static JsonNode organization(String orgId) {
        return client.get("/v1/b2b/organizations/" + orgId).body().path("organization");
    }

    static String createOidc(String orgId, String name) {
        ApiResponse r =
                client.post("/v1/b2b/sso/oidc/" + orgId, json("display_name", name, "identity_provider", "okta"));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        return r.body().path("connection").path("connection_id").asText();
    }

    static Map<String, Object> fullConfig() {
        return json(
                "client_id",
                "client-1",
                "client_secret",
                "very-secret-value-123",
                "issuer",
                "https://idp.acme.test",
                "authorization_url",
                "https://idp.acme.test/authorize",
                "token_url",
                "https://idp.acme.test/token",
                "userinfo_url",
                "https://idp.acme.test/userinfo",
                "jwks_url",
                "https://idp.acme.test/jwks",
                "custom_scopes",
                "groups offline_access",
                "attribute_mapping",
                Map.of("email", "email", "full_name", "name"));
    }

    @Test
    void createAnswersAPendingConnectionWithItsRedirectUrlAndMakesItTheDefault() {
        String org = newOrg("Create Co");
        ApiResponse r =
                client.post("/v1/b2b/sso/oidc/" + org, json("display_name", "Okta", "identity_provider", "okta"));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode c = r.body().path("connection");
        String id = c.path("connection_id").asText();
        assertThat(id).matches("oidc-connection-test-[0-9a-f-]{36}");
        assertThat(c.path("status").asText()).isEqualTo("pending");
        assertThat(c.path("organization_id").asText()).isEqualTo(org);
        assertThat(c.path("display_name").asText()).isEqualTo("Okta");
        assertThat(c.path("identity_provider").asText()).isEqualTo("okta");
        assertThat(c.path("redirect_url").asText()).isEqualTo("http://127.0.0.1/v1/b2b/sso/callback/" + id);
        assertThat(c.path("client_secret").asText()).isEmpty();

        JsonNode o = organization(org);
        assertThat(o.path("sso_default_connection_id").asText()).isEqualTo(id);
        // Pending connections cannot sign anybody in yet, so they are not among the active ones.
        assertThat(o.path("sso_active_connections")).isEmpty();
    }

    @Test
    void updateWithEveryFieldActivatesTheConnectionAndNeverAnswersTheSecret() {
        String org = newOrg("Update Co");
        String id = createOidc(org, "Okta");
        ApiResponse r = client.put("/v1/b2b/sso/oidc/" + org + "/connections/" + id, fullConfig());
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode c = r.body().path("connection");
        assertThat(c.path("status").asText()).isEqualTo("active");
        assertThat(c.path("client_id").asText()).isEqualTo("client-1");
        assertThat(c.path("issuer").asText()).isEqualTo("https://idp.acme.test");
        assertThat(c.path("jwks_url").asText()).isEqualTo("https://idp.acme.test/jwks");
        assertThat(c.path("custom_scopes").asText()).isEqualTo("groups offline_access");
        assertThat(c.path("attribute_mapping").path("full_name").asText()).isEqualTo("name");
        assertThat(c.path("client_secret").asText()).isEmpty();
        assertThat(r.rawBody()).doesNotContain("very-secret-value-123");

        JsonNode active = organization(org).path("sso_active_connections");
        assertThat(active).hasSize(1);
        assertThat(active.get(0).path("connection_id").asText()).isEqualTo(id);
        assertThat(active.get(0).path("display_name").asText()).isEqualTo("Okta");
        assertThat(active.get(0).path("identity_provider").asText()).isEqualTo("okta");

        JsonNode listed = client.get("/v1/b2b/sso/" + org).body();
        assertThat(listed.path("oidc_connections")).hasSize(1);
        assertThat(listed.path("saml_connections")).isEmpty();
        assertThat(listed.path("external_connections")).isEmpty();
        assertThat(listed.path("oidc_connections").get(0).path("token_url").asText())
                .isEqualTo("https://idp.acme.test/token");

        // A partial update keeps the rest; clearing the secret makes the connection pending again.
        JsonNode renamed = client.put("/v1/b2b/sso/oidc/" + org + "/connections/" + id, json("display_name", "Okta 2"))
                .body()
                .path("connection");
        assertThat(renamed.path("status").asText()).isEqualTo("active");
        assertThat(renamed.path("client_id").asText()).isEqualTo("client-1");
        JsonNode cleared = client.put("/v1/b2b/sso/oidc/" + org + "/connections/" + id, json("client_secret", ""))
                .body()
                .path("connection");
        assertThat(cleared.path("status").asText()).isEqualTo("pending");
        assertThat(organization(org).path("sso_active_connections")).isEmpty();
    }

    @Test
    void clientSecretIsSealedAtRest() throws Exception {
        String org = newOrg("Sealed Co");
        String id = createOidc(org, "Okta");
        client.put("/v1/b2b/sso/oidc/" + org + "/connections/" + id, fullConfig());
        try (var c = java.sql.DriverManager.getConnection(server.database().jdbcUrl());
                var st = c.prepareStatement(
                        "SELECT config, sealed_secret FROM sso_connections WHERE connection_id = ?")) {
            st.setString(1, id);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("config")).doesNotContain("very-secret-value-123");
                byte[] sealed = rs.getBytes("sealed_secret");
                assertThat(sealed).isNotEmpty();
                assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("very-secret-value-123");
            }
        }
    }

    @Test
    void plainHttpOrMalformedIdpUrlsAreRefusedOutsideDevModeAndChangeNothing() {
        String org = newOrg("Http Co");
        String id = createOidc(org, "Okta");
        String path = "/v1/b2b/sso/oidc/" + org + "/connections/" + id;
        Map<String, String> cases = Map.of(
                "authorization_url", "invalid_authorization_url",
                "token_url", "invalid_token_url",
                "jwks_url", "invalid_jwks_url",
                "userinfo_url", "invalid_userinfo_url",
                "issuer", "invalid_issuer");
        cases.forEach((field, error) -> {
            for (String bad : new String[] {
                "http://idp.acme.test/x",
                "javascript:alert(1)",
                "https://user@idp.acme.test/",
                "/relative",
                "https://idp.acme.test/#frag"
            }) {
                ApiResponse r = client.put(path, json(field, bad));
                assertThat(r.status()).as(field + " " + bad).isEqualTo(400);
                assertThat(r.errorType()).isEqualTo(error);
            }
        });
        JsonNode c =
                client.get("/v1/b2b/sso/" + org).body().path("oidc_connections").get(0);
        assertThat(c.path("authorization_url").asText()).isEmpty();
        assertThat(c.path("issuer").asText()).isEmpty();
    }

    @Test
    void anotherOrganizationsOrProjectsConnectionIsNotFound() {
        String org = newOrg("Mine Co");
        String other = newOrg("Other Co");
        String id = createOidc(other, "Theirs");
        ApiResponse update = client.put("/v1/b2b/sso/oidc/" + org + "/connections/" + id, json("client_id", "x"));
        assertThat(update.status()).isEqualTo(404);
        assertThat(update.errorType()).isEqualTo("sso_connection_not_found");
        ApiResponse delete = client.delete("/v1/b2b/sso/" + org + "/connections/" + id);
        assertThat(delete.errorType()).isEqualTo("sso_connection_not_found");

        var project = server.newProject("Elsewhere");
        ApiClient elsewhere = server.clientFor(project);
        assertThat(elsewhere.get("/v1/b2b/sso/" + other).errorType()).isEqualTo("organization_not_found");
        assertThat(client.get("/v1/b2b/sso/" + other).body().path("oidc_connections"))
                .hasSize(1);
    }

    @Test
    void theDefaultConnectionGoesOnlyWhenItIsTheLast() {
        String org = newOrg("Delete Co");
        String first = createOidc(org, "First");
        String second = createOidc(org, "Second");
        assertThat(organization(org).path("sso_default_connection_id").asText()).isEqualTo(first);

        ApiResponse refused = client.delete("/v1/b2b/sso/" + org + "/connections/" + first);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorType()).isEqualTo("cannot_delete_default_sso_connection");

        ApiResponse deleted = client.delete("/v1/b2b/sso/" + org + "/connections/" + second);
        assertThat(deleted.status()).as(deleted.rawBody()).isEqualTo(200);
        assertThat(deleted.body().path("connection_id").asText()).isEqualTo(second);
        assertThat(client.delete("/v1/b2b/sso/" + org + "/connections/" + second)
                        .errorType())
                .isEqualTo("sso_connection_not_found");

        assertThat(client.delete("/v1/b2b/sso/" + org + "/connections/" + first).status())
                .isEqualTo(200);
        JsonNode o = organization(org);
        assertThat(o.path("sso_default_connection_id").isNull()
                        || o.path("sso_default_connection_id").asText().isEmpty())
                .isTrue();
        assertThat(client.get("/v1/b2b/sso/" + org).body().path("oidc_connections"))
                .isEmpty();
    }
}
