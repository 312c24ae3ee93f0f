package io.latchkey.server.discovery;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DevMailbox;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The discovery flow as a test performs it over HTTP: a discovery link sent and read back from
 * the dev mailbox, its token authenticated, and the intermediate session used.
 */
final class DiscoveryFlow {
    private static final Pattern DISCOVERY_LINK =
            Pattern.compile("https?://[^\\s\"'<>]+stytch_token_type=discovery&[^\\s\"'<>]+");

    private final ApiClient api;
    private final LoginFlow login;
    /** Discovery links sent per address, so a wait knows how many to expect. */
    private final Map<String, Integer> sent = new ConcurrentHashMap<>();

    DiscoveryFlow(TestServer server) {
        this(server.client(), new LoginFlow(server));
    }

    private DiscoveryFlow(ApiClient api, LoginFlow login) {
        this.api = api;
        this.login = login;
    }

    /** The same flow with another project's client (for isolation tests). */
    DiscoveryFlow as(ApiClient other) {
        return new DiscoveryFlow(other, login);
    }

    ApiClient api() {
        return api;
    }

    LoginFlow login() {
        return login;
    }

    ApiResponse send(String email, Object... extra) {
        Map<String, Object> body = json("email_address", email);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        ApiResponse r = api.post("/v1/b2b/magic_links/email/discovery/send", body);
        if (r.status() == 200) {
            sent.merge(email, 1, Integer::sum);
        }
        return r;
    }

    /** The newest discovery link mailed to {@code email}, once every link sent so far arrived. */
    String awaitLink(String email) {
        int expected = sent.getOrDefault(email, 0);
        assertThat(expected).as("no discovery link was sent to " + email).isPositive();
        return new DevMailbox(api).await(email, null, DISCOVERY_LINK, expected).get(0);
    }

    /** Sends a discovery link and returns its token. */
    String token(String email, Object... extra) {
        ApiResponse r = send(email, extra);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return LoginFlow.tokenOf(awaitLink(email));
    }

    ApiResponse authenticate(String token, Object... extra) {
        Map<String, Object> body = json("discovery_magic_links_token", token);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return api.post("/v1/b2b/magic_links/discovery/authenticate", body);
    }

    /** The whole discovery login: the authenticate response. */
    ApiResponse discover(String email) {
        ApiResponse r = authenticate(token(email));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    /** A fresh discovery intermediate session token for {@code email}. */
    String ist(String email) {
        return discover(email).text("intermediate_session_token");
    }

    ApiResponse list(Object... body) {
        return api.post("/v1/b2b/discovery/organizations", json(body));
    }

    ApiResponse exchange(String ist, String organizationId, Object... extra) {
        Map<String, Object> body = json("intermediate_session_token", ist, "organization_id", organizationId);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return api.post("/v1/b2b/discovery/intermediate_sessions/exchange", body);
    }

    ApiResponse create(String ist, Object... extra) {
        Map<String, Object> body = json("intermediate_session_token", ist);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return api.post("/v1/b2b/discovery/organizations/create", body);
    }

    /** The discovered organization with this id in a list or authenticate response, or null. */
    static JsonNode discovered(ApiResponse r, String organizationId) {
        for (JsonNode d : r.body().path("discovered_organizations")) {
            if (d.path("organization").path("organization_id").asText().equals(organizationId)) {
                return d;
            }
        }
        return null;
    }

    /** The ids of the discovered organizations, in answer order. */
    static List<String> discoveredIds(ApiResponse r) {
        List<String> ids = new ArrayList<>();
        r.body()
                .path("discovered_organizations")
                .forEach(d ->
                        ids.add(d.path("organization").path("organization_id").asText()));
        return ids;
    }
}
