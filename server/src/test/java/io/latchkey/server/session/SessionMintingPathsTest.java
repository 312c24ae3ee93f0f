package io.latchkey.server.session;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.tokenOf;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every endpoint that can mint a session, tried against an organization whose mfa_policy is
 * REQUIRED_FOR_ALL with only a primary factor in hand: none may answer with a session. A new
 * minting path belongs in this list.
 */
class SessionMintingPathsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;
    static String domain;
    static String mfaOrg;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
        domain = unique("secure") + ".test";
        mfaOrg = flow.organizationAllowing(domain, "mfa_policy", "REQUIRED_FOR_ALL")
                .path("organization_id")
                .asText();
        // A verified member at the domain opens the organization to discovery sign-up.
        flow.signUpAndAuthenticate(mfaOrg, unique("first") + "@" + domain);
    }

    static void assertNoSession(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean())
                .as(r.toString())
                .isFalse();
        assertThat(r.text("session_token")).as(r.toString()).isEmpty();
        assertThat(r.text("session_jwt")).isEmpty();
        assertThat(r.body().has("member_session")).isFalse();
        assertThat(r.text("intermediate_session_token")).isNotEmpty();
    }

    static String discoveryIst(String email) {
        ApiResponse sent = api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        ApiResponse r = api.post(
                "/v1/b2b/magic_links/discovery/authenticate",
                json("discovery_magic_links_token", tokenOf(flow.awaitLink(email))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("intermediate_session_token");
    }

    @Test
    void magicLinkAuthenticate() {
        assertNoSession(flow.signUpAndAuthenticate(mfaOrg, unique("ada") + "@" + domain));
    }

    @Test
    void magicLinkAuthenticateCarryingADiscoveryIntermediateSession() {
        String email = unique("ada") + "@" + domain;
        String ist = discoveryIst(email);
        flow.loginOrSignup(mfaOrg, email);
        String token = tokenOf(flow.awaitLinks(email, 2).stream()
                .filter(l -> l.contains("multi_tenant_magic_links"))
                .findFirst()
                .orElseThrow());
        assertNoSession(api.post(
                "/v1/b2b/magic_links/authenticate",
                json("magic_links_token", token, "intermediate_session_token", ist)));
    }

    @Test
    void sessionsExchange() {
        String email = unique("ada") + "@" + domain;
        String open = flow.organizationAllowing(domain).path("organization_id").asText();
        String sessionToken = flow.signUpAndAuthenticate(open, email).text("session_token");
        assertThat(sessionToken).isNotEmpty();
        assertThat(api.post("/v1/b2b/magic_links/email/invite", json("organization_id", mfaOrg, "email_address", email))
                        .status())
                .isEqualTo(200);
        assertNoSession(
                api.post("/v1/b2b/sessions/exchange", json("organization_id", mfaOrg, "session_token", sessionToken)));
    }

    @Test
    void discoveryIntermediateSessionExchange() {
        assertNoSession(api.post(
                "/v1/b2b/discovery/intermediate_sessions/exchange",
                json(
                        "intermediate_session_token",
                        discoveryIst(unique("ada") + "@" + domain),
                        "organization_id",
                        mfaOrg)));
    }

    @Test
    void discoveryOrganizationCreate() {
        assertNoSession(api.post(
                "/v1/b2b/discovery/organizations/create",
                json(
                        "intermediate_session_token",
                        discoveryIst(unique("ada") + "@" + unique("new") + ".test"),
                        "mfa_policy",
                        "REQUIRED_FOR_ALL")));
    }

    @Test
    void noPathLeftASessionInTheOrganization() {
        magicLinkAuthenticate();
        discoveryIntermediateSessionExchange();
        assertThat(server.app()
                        .database()
                        .read(tx -> tx.queryOne(
                                "SELECT COUNT(*) FROM member_sessions WHERE organization_id = ?",
                                rs -> rs.getInt(1),
                                mfaOrg))
                        .orElseThrow())
                .isZero();
    }
}
