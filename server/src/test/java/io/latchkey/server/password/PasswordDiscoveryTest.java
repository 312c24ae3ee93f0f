package io.latchkey.server.password;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Discovery (cross-organization) passwords over HTTP: the reset link, the login, and where they lead. */
class PasswordDiscoveryTest {
    static final String GOOD = "Across-Orgs-42";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
    }

    @Test
    void aDiscoveryResetSetsThePasswordOfEveryMembershipAndItLogsInBeforeAnOrganizationIsChosen() {
        String email = LoginFlow.unique("disc") + "@acme.test";
        String orgA =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String orgB =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        assertThat(flow.signUpAndAuthenticate(orgA, email).status()).isEqualTo(200);
        assertThat(flow.signUpAndAuthenticate(orgB, email).status()).isEqualTo(200);

        ApiResponse started = api.post("/v1/b2b/passwords/discovery/email/reset/start", json("email_address", email));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.body().path("status_code").asInt()).isEqualTo(200);
        String link = flow.awaitLinks(email, 3).get(0);
        assertThat(link).contains("stytch_token_type=multi_tenant_passwords");
        String token = LoginFlow.tokenOf(link);

        assertError(
                api.post(
                        "/v1/b2b/passwords/discovery/email/reset",
                        json("password_reset_token", token, "password", "weak")),
                400,
                "weak_password");
        // A discovery link is no organization's link, and the other way round.
        assertError(
                api.post("/v1/b2b/passwords/email/reset", json("password_reset_token", token, "password", GOOD)),
                404,
                "magic_link_not_found");
        ApiResponse reset = api.post(
                "/v1/b2b/passwords/discovery/email/reset", json("password_reset_token", token, "password", GOOD));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertDiscovered(reset, email, orgA, orgB);
        assertError(
                api.post(
                        "/v1/b2b/passwords/discovery/email/reset",
                        json("password_reset_token", token, "password", GOOD)),
                401,
                "unable_to_auth_magic_link");

        ApiResponse login = api.post(
                "/v1/b2b/passwords/discovery/authenticate",
                json("email_address", email.replace("acme.test", "ACME.Test"), "password", GOOD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertDiscovered(login, email, orgA, orgB);
        ApiResponse joined = api.post(
                "/v1/b2b/discovery/intermediate_sessions/exchange",
                json("intermediate_session_token", login.text("intermediate_session_token"), "organization_id", orgB));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
        assertThat(joined.body().path("member_authenticated").asBoolean()).isTrue();
        assertThat(joined.body()
                        .path("member_session")
                        .path("authentication_factors")
                        .toString())
                .contains("password");

        // The same password works in each organization directly.
        for (String org : List.of(orgA, orgB)) {
            ApiResponse direct = api.post(
                    "/v1/b2b/passwords/authenticate",
                    json("organization_id", org, "email_address", email, "password", GOOD));
            assertThat(direct.status()).as(direct.toString()).isEqualTo(200);
        }
        assertError(
                api.post(
                        "/v1/b2b/passwords/discovery/authenticate",
                        json("email_address", email, "password", GOOD + "x")),
                401,
                "unauthorized_credentials");
        assertError(
                api.post(
                        "/v1/b2b/passwords/discovery/authenticate",
                        json("email_address", "nobody-" + email, "password", GOOD)),
                401,
                "unauthorized_credentials");
    }

    @Test
    void aResetStartForAnAddressWithoutMembershipsAnswersTheSameAndMailsNothing() {
        String email = LoginFlow.unique("nobody") + "@acme.test";
        ApiResponse started = api.post("/v1/b2b/passwords/discovery/email/reset/start", json("email_address", email));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertError(
                api.post(
                        "/v1/b2b/passwords/discovery/email/reset/start",
                        json("email_address", email, "reset_password_redirect_url", "https://evil.example/x")),
                400,
                "invalid_reset_password_redirect_url");
        assertError(
                api.post(
                        "/v1/b2b/passwords/discovery/email/reset/start",
                        json("email_address", email, "discovery_redirect_url", "https://evil.example/x")),
                400,
                "invalid_discovery_redirect_url");
        server.app().database().read(tx -> {
            assertThat(tx.queryLong("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?", email))
                    .isZero();
            return null;
        });
        JsonNode mail = server.client()
                .as(null, null)
                .get("/dev/mailbox/messages?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
                .body();
        assertThat(mail).isEmpty();
    }

    @Test
    void aRequiredResetStopsTheDiscoveryLoginUntilTheEmailResets() {
        String email = LoginFlow.unique("req") + "@acme.test";
        String org =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        assertThat(flow.signUpAndAuthenticate(org, email).status()).isEqualTo(200);
        api.post("/v1/b2b/passwords/discovery/email/reset/start", json("email_address", email));
        String token = LoginFlow.tokenOf(flow.awaitLinks(email, 2).get(0));
        assertThat(api.post(
                                "/v1/b2b/passwords/discovery/email/reset",
                                json("password_reset_token", token, "password", GOOD))
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/v1/b2b/passwords/email/require_reset", json("email_address", email))
                        .status())
                .isEqualTo(200);
        assertError(
                api.post("/v1/b2b/passwords/discovery/authenticate", json("email_address", email, "password", GOOD)),
                400,
                "reset_password");
    }

    private static void assertDiscovered(ApiResponse r, String email, String... organizationIds) {
        assertThat(r.text("email_address")).isEqualTo(email);
        assertThat(r.text("intermediate_session_token")).isNotEmpty();
        assertThat(r.text("intermediate_session_token_expires_at")).isNotEmpty();
        List<String> found = new ArrayList<>();
        r.body()
                .path("discovered_organizations")
                .forEach(o ->
                        found.add(o.path("organization").path("organization_id").asText()));
        assertThat(found).contains(organizationIds);
        assertThat(r.rawBody()).doesNotContain(GOOD);
    }
}
