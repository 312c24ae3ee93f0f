package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.OidcConnections;
import io.latchkey.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * External connections: one organization's SSO connection used by another (a parent company's
 * IdP shared with a subsidiary). Created and updated over HTTP, listed beside the organization's
 * own connections, refused when they would point anywhere but another organization's SAML or OIDC
 * connection of this project, gone with their source; and a login through one, at an OIDC
 * provider in this JVM, lands in the organization that holds the external connection.
 */
class SsoExternalConnectionsTest {
    static final String ISSUER = "parent-idp";
    static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient client;
    static MockOAuth2Server idp;

    @BeforeAll
    static void start() {
        client = server.client();
        idp = new MockOAuth2Server();
        idp.start();
    }

    @AfterAll
    static void stop() {
        idp.shutdown();
    }

    static String organization(String name, Map<String, Object> settings) {
        return OidcConnections.organization(client, name, settings);
    }

    /** An active OIDC connection of {@code orgId} at the in-JVM provider. */
    static String oidcConnection(String orgId) {
        return OidcConnections.active(
                client,
                orgId,
                "Parent IdP",
                OidcConnections.Provider.of(idp, ISSUER, "parent-client", "parent-secret"));
    }

    static ApiResponse createExternal(String orgId, String externalOrgId, String externalConnectionId) {
        return client.post(
                "/v1/b2b/sso/external/" + orgId,
                json(
                        "external_organization_id",
                        externalOrgId,
                        "external_connection_id",
                        externalConnectionId,
                        "display_name",
                        "Parent's IdP"));
    }

    static String externalId(ApiResponse created) {
        assertThat(created.status()).as(created.rawBody()).isEqualTo(200);
        return created.body().path("connection").path("connection_id").asText();
    }

    @Test
    void anExternalConnectionIsCreatedListedAndUpdated() {
        String parent = organization("Parent Co", Map.of());
        String source = oidcConnection(parent);
        String child = organization("Child Co", Map.of());

        ApiResponse created = createExternal(child, parent, source);

        String id = externalId(created);
        JsonNode c = created.body().path("connection");
        assertThat(id).startsWith("external-connection-test-");
        assertThat(c.path("organization_id").asText()).isEqualTo(child);
        assertThat(c.path("external_organization_id").asText()).isEqualTo(parent);
        assertThat(c.path("external_connection_id").asText()).isEqualTo(source);
        assertThat(c.path("display_name").asText()).isEqualTo("Parent's IdP");
        assertThat(c.path("status").asText()).isEqualTo("active");
        assertThat(c.path("external_connection_implicit_role_assignments").isArray())
                .isTrue();
        assertThat(c.path("external_group_implicit_role_assignments").isArray()).isTrue();

        JsonNode listed = client.get("/v1/b2b/sso/" + child).body();
        assertThat(listed.path("external_connections").get(0)).isEqualTo(c);
        assertThat(listed.path("oidc_connections")).isEmpty();
        assertThat(client.get("/v1/b2b/sso/" + parent).body().path("external_connections"))
                .as("the parent's list holds its own connections only")
                .isEmpty();
        JsonNode org = client.get("/v1/b2b/organizations/" + child).body().path("organization");
        assertThat(org.path("sso_default_connection_id").asText()).isEqualTo(id);
        assertThat(org.path("sso_active_connections")
                        .get(0)
                        .path("connection_id")
                        .asText())
                .isEqualTo(id);

        ApiResponse updated = client.put(
                "/v1/b2b/sso/external/" + child + "/connections/" + id,
                json(
                        "display_name",
                        "Group IdP",
                        "external_connection_implicit_role_assignments",
                        List.of(Map.of("role_id", "stytch_admin")),
                        "external_group_implicit_role_assignments",
                        List.of(Map.of("role_id", "stytch_admin", "group", "admins"))));
        assertThat(updated.status()).as(updated.rawBody()).isEqualTo(200);
        JsonNode u = updated.body().path("connection");
        assertThat(u.path("display_name").asText()).isEqualTo("Group IdP");
        assertThat(u.path("external_connection_implicit_role_assignments")
                        .get(0)
                        .path("role_id")
                        .asText())
                .isEqualTo("stytch_admin");
        assertThat(u.path("external_group_implicit_role_assignments")
                        .get(0)
                        .path("group")
                        .asText())
                .isEqualTo("admins");
        assertThat(client.get("/v1/b2b/organizations/" + child)
                        .body()
                        .path("organization")
                        .path("sso_active_connections")
                        .get(0)
                        .path("display_name")
                        .asText())
                .isEqualTo("Group IdP");

        ApiResponse badRole = client.put(
                "/v1/b2b/sso/external/" + child + "/connections/" + id,
                json("display_name", "Changed", "external_connection_implicit_role_assignments", List.of(Map.of())));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.errorType()).isEqualTo("invalid_role");
        assertThat(client.get("/v1/b2b/sso/" + child)
                        .body()
                        .path("external_connections")
                        .get(0)
                        .path("display_name")
                        .asText())
                .as("nothing changed")
                .isEqualTo("Group IdP");
    }

    @Test
    void anExternalConnectionMustPointAtAnotherOrganizationsSamlOrOidcConnection() {
        String parent = organization("Parent Two", Map.of());
        String source = oidcConnection(parent);
        String child = organization("Child Two", Map.of());
        String stranger = organization("Stranger", Map.of());

        ApiResponse own = createExternal(parent, parent, source);
        assertThat(own.status()).isEqualTo(400);
        assertThat(own.errorType()).isEqualTo("invalid_argument");

        ApiResponse wrongOrg = createExternal(child, stranger, source);
        assertThat(wrongOrg.status()).isEqualTo(404);
        assertThat(wrongOrg.errorType()).isEqualTo("sso_connection_not_found");

        ApiResponse unknownOrg =
                createExternal(child, "organization-test-00000000-0000-4000-8000-000000000000", source);
        assertThat(unknownOrg.status()).isEqualTo(404);
        assertThat(unknownOrg.errorType()).isEqualTo("organization_not_found");

        ApiResponse missing = client.post("/v1/b2b/sso/external/" + child, json("external_organization_id", parent));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorType()).isEqualTo("missing_required_field");

        String external = externalId(createExternal(child, parent, source));
        ApiResponse chained = createExternal(stranger, child, external);
        assertThat(chained.status()).isEqualTo(400);
        assertThat(chained.errorType()).isEqualTo("invalid_argument");

        // Another project's organization and connection are not found from this one.
        var other = server.newProject("Other project");
        ApiClient otherClient = server.clientFor(other);
        String otherChild = otherClient
                .post("/v1/b2b/organizations", json("organization_name", "Other child"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        ApiResponse crossProject = otherClient.post(
                "/v1/b2b/sso/external/" + otherChild,
                json("external_organization_id", parent, "external_connection_id", source));
        assertThat(crossProject.status()).isEqualTo(404);
        assertThat(crossProject.errorType()).isEqualTo("organization_not_found");

        ApiResponse updateOther = client.put(
                "/v1/b2b/sso/external/" + stranger + "/connections/" + external, json("display_name", "Mine now"));
        assertThat(updateOther.status()).isEqualTo(404);
        assertThat(updateOther.errorType()).isEqualTo("sso_connection_not_found");
        assertThat(client.get("/v1/b2b/sso/" + stranger).body().path("external_connections"))
                .isEmpty();
        assertThat(client.get("/v1/b2b/sso/" + child).body().path("external_connections"))
                .hasSize(1);
    }

    @Test
    void aLoginThroughAnExternalConnectionLandsInItsOrganization() throws Exception {
        String parent = organization("Parent Three", Map.of());
        String source = oidcConnection(parent);
        String child = organization("Child Three", Map.of("sso_jit_provisioning", "ALL_ALLOWED"));
        String external = externalId(createExternal(child, parent, source));
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(
                ISSUER,
                "subject-lin",
                "JWT",
                null,
                Map.of("email", "lin@child.test", "email_verified", true, "name", "Lin"),
                3600));

        String authorize = location(server.baseUrl() + "/v1/public/sso/start?public_token=" + server.publicToken()
                + "&connection_id=" + external);
        assertThat(authorize).contains("client_id=parent-client");
        String callback = location(authorize);
        assertThat(callback).as("the IdP answers at the source's callback").contains("/callback/" + source);
        String landing = location(callback.replace("http://127.0.0.1/", server.baseUrl() + "/"));
        String token = landing.substring(landing.indexOf("&token=") + 7);

        ApiResponse r = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));

        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        assertThat(r.body().path("organization_id").asText()).isEqualTo(child);
        assertThat(r.body().path("member").path("email_address").asText()).isEqualTo("lin@child.test");
        assertThat(r.body()
                        .path("member")
                        .path("sso_registrations")
                        .get(0)
                        .path("connection_id")
                        .asText())
                .isEqualTo(external);
        assertThat(client.post(
                                "/v1/b2b/organizations/" + parent + "/members/search",
                                json("query", Map.of("operator", "AND", "operands", List.of())))
                        .body()
                        .path("members"))
                .as("nobody joined the parent")
                .isEmpty();
    }

    @Test
    void anExternalConnectionGoesWithItsSourceAndTheOrganizationsAreUpdated() {
        String parent = organization("Parent Four", Map.of());
        String source = oidcConnection(parent);
        String childA = organization("Child Four A", Map.of());
        String childB = organization("Child Four B", Map.of());
        String externalA = externalId(createExternal(childA, parent, source));
        externalId(createExternal(childB, parent, source));

        ApiResponse deleted = client.delete("/v1/b2b/sso/" + parent + "/connections/" + source);

        assertThat(deleted.status()).as(deleted.rawBody()).isEqualTo(200);
        for (String child : List.of(childA, childB)) {
            assertThat(client.get("/v1/b2b/sso/" + child).body().path("external_connections"))
                    .isEmpty();
            JsonNode org = client.get("/v1/b2b/organizations/" + child).body().path("organization");
            assertThat(org.path("sso_active_connections")).isEmpty();
            assertThat(org.path("sso_default_connection_id").isNull()
                            || org.path("sso_default_connection_id").asText().isEmpty())
                    .as(org.toString())
                    .isTrue();
        }
        assertThat(client.put("/v1/b2b/sso/external/" + childA + "/connections/" + externalA, json("display_name", "x"))
                        .errorType())
                .isEqualTo("sso_connection_not_found");
    }

    @Test
    void anExternalConnectionGoesWhenTheSourceOrganizationIsDeleted() {
        String parent = organization("Parent Five", Map.of());
        String source = oidcConnection(parent);
        String child = organization("Child Five", Map.of());
        String own = oidcConnection(child);
        String external = externalId(createExternal(child, parent, source));
        assertThat(client.put("/v1/b2b/organizations/" + child, json("sso_default_connection_id", external))
                        .status())
                .isEqualTo(200);

        assertThat(client.delete("/v1/b2b/organizations/" + parent).status()).isEqualTo(200);

        assertThat(client.get("/v1/b2b/sso/" + child).body().path("external_connections"))
                .isEmpty();
        JsonNode org = client.get("/v1/b2b/organizations/" + child).body().path("organization");
        List<String> active = new ArrayList<>();
        org.path("sso_active_connections")
                .forEach(c -> active.add(c.path("connection_id").asText()));
        assertThat(active).containsExactly(own);
        assertThat(org.path("sso_default_connection_id").asText("")).isNotEqualTo(external);
    }

    @Test
    void anExternalConnectionIsDeletedLikeAnyOther() {
        String parent = organization("Parent Six", Map.of());
        String source = oidcConnection(parent);
        String child = organization("Child Six", Map.of());
        String external = externalId(createExternal(child, parent, source));

        ApiResponse deleted = client.delete("/v1/b2b/sso/" + child + "/connections/" + external);

        assertThat(deleted.status()).as(deleted.rawBody()).isEqualTo(200);
        assertThat(client.get("/v1/b2b/sso/" + child).body().path("external_connections"))
                .isEmpty();
        assertThat(client.get("/v1/b2b/sso/" + parent).body().path("oidc_connections"))
                .as("the source stays")
                .hasSize(1);
    }

    static String location(String url) throws Exception {
        HttpResponse<String> r = BROWSER.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }
}
