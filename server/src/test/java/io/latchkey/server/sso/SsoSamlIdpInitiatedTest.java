package io.latchkey.server.sso;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.App;
import io.latchkey.server.core.Environment;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.RedirectUrl;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.SamlIdp;
import io.latchkey.server.testing.SamlLogins;
import io.latchkey.server.testing.SamlLogins.Setup;
import io.latchkey.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * IdP-initiated SAML logins: a signed response that answers no request, posted to the ACS of a
 * connection whose {@code idp_initiated_auth_disabled} is false (Stytch's default), goes through
 * every check an SP-initiated one does and lands on the project's default login or signup redirect
 * URL; refused when the connection disables it, when it is replayed, and when the project has no
 * default URL for it. A response that names a request never falls back to this path.
 */
class SsoSamlIdpInitiatedTest {
    static final String SIGNUP_URL = "http://localhost:3000/signup";
    static final Map<String, Object> JIT = Map.of("sso_jit_provisioning", "ALL_ALLOWED");
    static final ObjectMapper JSON = new ObjectMapper();

    static TestServer server;
    static ApiClient client;
    static SamlIdp idp;
    static SamlLogins logins;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = server.client();
        idp = SamlIdp.create();
        logins = new SamlLogins(server, idp);
        // Signup lands somewhere else than login, so the tests can tell which default was used.
        server.app()
                .projects()
                .addRedirectUrl(server.projectId(), new RedirectUrl(SIGNUP_URL, RedirectUrlType.SIGNUP, true));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String location(HttpResponse<String> acs) {
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
        return acs.headers().firstValue("Location").orElseThrow();
    }

    static void assertRefused(HttpResponse<String> r, String errorType) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(JSON.readTree(r.body()).path("error_type").asText())
                .as(r.body())
                .isEqualTo(errorType);
    }

    static String membersOf(ApiClient api, String orgId) {
        ApiResponse r = api.post(
                "/v1/b2b/organizations/members/search", json("organization_ids", List.of(orgId), "limit", 100));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        return r.rawBody();
    }

    @Test
    void aNewMemberLandsOnTheDefaultSignupUrlAndAnExistingOneOnTheDefaultLoginUrl() throws Exception {
        Setup s = logins.activeConnection("Idp Initiated Co", JIT, Map.of());
        HttpResponse<String> first = logins.postUnsolicited(s, "ada@idp-initiated.test");
        assertThat(location(first)).startsWith(SIGNUP_URL + "?stytch_token_type=sso&token=");
        String token = SamlLogins.tokenOf(first);

        // No PKCE is possible without a request: a verifier is refused (and does not burn the token)...
        ApiResponse withVerifier =
                client.post("/v1/b2b/sso/authenticate", json("sso_token", token, "pkce_code_verifier", "v".repeat(43)));
        assertThat(withVerifier.errorType()).isEqualTo("pkce_did_not_expect_code_verifier");
        // ...and the token is redeemed without one, through the same sign-in path (JIT included).
        ApiResponse r = client.post("/v1/b2b/sso/authenticate", json("sso_token", token));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean()).isTrue();
        assertThat(r.body().path("organization_id").asText()).isEqualTo(s.orgId());
        assertThat(r.body().path("member").path("email_address").asText()).isEqualTo("ada@idp-initiated.test");
        JsonNode factor =
                r.body().path("member_session").path("authentication_factors").get(0);
        assertThat(factor.path("delivery_method").asText()).isEqualTo("sso_saml");
        assertThat(factor.path("saml_sso_factor").path("provider_id").asText()).isEqualTo(s.connectionId());
        assertThat(client.post("/v1/b2b/sso/authenticate", json("sso_token", token))
                        .errorType())
                .isEqualTo("sso_token_not_found");

        // The member exists now: the next IdP-initiated login goes to the default login URL.
        HttpResponse<String> again = logins.postUnsolicited(s, "ada@idp-initiated.test");
        assertThat(location(again)).startsWith(TestServer.REDIRECT_URL + "?stytch_token_type=sso&token=");
        ApiResponse second = client.post("/v1/b2b/sso/authenticate", json("sso_token", SamlLogins.tokenOf(again)));
        assertThat(second.status()).as(second.rawBody()).isEqualTo(200);
        assertThat(second.body().path("member").path("member_id").asText())
                .isEqualTo(r.body().path("member").path("member_id").asText());
    }

    @Test
    void jitProvisioningAndGroupRolesApplyAsToAnSpInitiatedLogin() throws Exception {
        Setup closed = logins.activeConnection(
                "Idp Initiated Nojit Co", Map.of("sso_jit_provisioning", "NOT_ALLOWED"), Map.of());
        String token = SamlLogins.tokenOf(logins.postUnsolicited(closed, "stranger@idp-initiated.test"));
        assertThat(client.post("/v1/b2b/sso/authenticate", json("sso_token", token))
                        .errorType())
                .isEqualTo("invalid_connection_for_jit_provisioning");
        assertThat(membersOf(client, closed.orgId())).doesNotContain("stranger@idp-initiated.test");

        Setup roles = logins.activeConnection(
                "Idp Initiated Roles Co",
                JIT,
                Map.of(
                        "saml_group_implicit_role_assignments",
                        List.of(Map.of("role_id", "stytch_admin", "group", "admins"))));
        Document d = idp.document(
                idp.spec(roles.acsUrl(), null, "root@idp-initiated.test").attribute("groups", "engineering", "admins"));
        idp.signAssertion(d);
        ApiResponse r =
                client.post("/v1/b2b/sso/authenticate", json("sso_token", SamlLogins.tokenOf(logins.post(roles, d))));
        assertThat(r.status()).as(r.rawBody()).isEqualTo(200);
        JsonNode admin = SsoSamlLoginTest.roleOf(r.body().path("member").path("roles"), "stytch_admin");
        assertThat(admin.path("sources").get(0).path("type").asText()).isEqualTo("sso_connection_group");
        assertThat(r.body().path("member_session").path("roles").toString()).contains("stytch_admin");
    }

    @Test
    void aConnectionThatDisablesIdpInitiatedLoginRefusesAnUnsolicitedResponse() throws Exception {
        Setup s = logins.activeConnection("Idp Initiated Off Co", JIT, Map.of("idp_initiated_auth_disabled", true));
        HttpResponse<String> r = logins.postUnsolicited(s, "mallory@idp-initiated.test");
        assertRefused(r, "unsolicited_saml_response");
        assertThat(JSON.readTree(r.body()).path("error_message").asText()).contains("idp_initiated_auth_disabled");
        assertThat(membersOf(client, s.orgId())).doesNotContain("mallory@idp-initiated.test");
        // An SP-initiated login through the same connection still works.
        assertThat(logins.login(s, "sp@idp-initiated.test")).isNotEmpty();

        // Allowed again, the same kind of response logs in.
        ApiResponse on = client.put(
                "/v1/b2b/sso/saml/" + s.orgId() + "/connections/" + s.connectionId(),
                json("idp_initiated_auth_disabled", false));
        assertThat(on.body()
                        .path("connection")
                        .path("idp_initiated_auth_disabled")
                        .asBoolean())
                .isFalse();
        assertThat(SamlLogins.tokenOf(logins.postUnsolicited(s, "allowed@idp-initiated.test")))
                .isNotEmpty();
    }

    @Test
    void anIdpInitiatedAssertionIsNotAcceptedTwiceOnAnyNode() throws Exception {
        Setup s = logins.activeConnection("Idp Initiated Replay Co", JIT, Map.of());
        Document d = idp.document(idp.spec(s.acsUrl(), null, "replay@idp-initiated.test"));
        idp.signAssertion(d);
        String encoded = SamlIdp.encode(d);
        assertThat(SamlLogins.tokenOf(logins.postEncoded(s, encoded))).isNotEmpty();
        assertRefused(logins.postEncoded(s, encoded), "duplicate_saml_response");
        App node = server.startNode(o -> o);
        assertRefused(logins.postTo(TestServer.baseUrlOf(node), s, encoded), "duplicate_saml_response");

        // Another response carrying the same assertion ID is the same assertion.
        SamlIdp.Spec copy = idp.spec(s.acsUrl(), null, "replay@idp-initiated.test");
        copy.assertionId = SamlIdp.assertion(d).getAttribute("ID");
        Document d2 = idp.document(copy);
        idp.signAssertion(d2);
        assertRefused(logins.post(s, d2), "duplicate_saml_response");
    }

    @Test
    void aResponseThatNamesARequestNeverFallsBackToAnIdpInitiatedLogin() throws Exception {
        Setup s = logins.activeConnection("Idp Initiated Strict Co", JIT, Map.of());
        // A request this server never sent.
        Document unknown = idp.document(idp.spec(s.acsUrl(), "_made_up_request_id", "mallory@idp-initiated.test"));
        idp.signAssertion(unknown);
        assertRefused(logins.post(s, unknown), "unsolicited_saml_response");
        // An empty InResponseTo names no request, and is not taken for the absence of one.
        Document empty = idp.document(idp.spec(s.acsUrl(), "", "mallory@idp-initiated.test"));
        idp.signAssertion(empty);
        assertRefused(logins.post(s, empty), "unsolicited_saml_response");
        // A request already answered.
        SamlIdp.Request req = logins.start(s);
        Document answer = idp.document(idp.spec(s.acsUrl(), req.id(), "once@idp-initiated.test"));
        idp.signAssertion(answer);
        assertThat(SamlLogins.tokenOf(logins.post(s, answer))).isNotEmpty();
        Document twice = idp.document(idp.spec(s.acsUrl(), req.id(), "mallory@idp-initiated.test"));
        idp.signAssertion(twice);
        assertRefused(logins.post(s, twice), "unsolicited_saml_response");
        // The response's InResponseTo removed, while the signed assertion still names the request.
        SamlIdp.Request other = logins.start(s);
        Document stripped = idp.document(idp.spec(s.acsUrl(), other.id(), "mallory@idp-initiated.test"));
        stripped.getDocumentElement().removeAttribute("InResponseTo");
        idp.signAssertion(stripped);
        assertRefused(logins.post(s, stripped), "unsolicited_saml_response");
        assertThat(membersOf(client, s.orgId())).doesNotContain("mallory@idp-initiated.test");
    }

    /**
     * Posts an unsolicited response for a newcomer, made as {@code change} says and signed on the
     * assertion (or, when {@code signAssertion} is false, on the response), and checks the refusal.
     */
    static void assertUnsolicitedRefused(
            Setup s, Consumer<SamlIdp.Spec> change, boolean signAssertion, String errorType) throws Exception {
        SamlIdp.Spec spec = idp.spec(s.acsUrl(), null, "mallory@idp-initiated.test");
        change.accept(spec);
        Document d = idp.document(spec);
        if (signAssertion) {
            idp.signAssertion(d);
        } else {
            idp.signResponse(d);
        }
        assertRefused(logins.post(s, d), errorType);
    }

    @Test
    void anIdpInitiatedResponseGetsEveryOtherCheck() throws Exception {
        Setup s = logins.activeConnection("Idp Initiated Checks Co", JIT, Map.of());
        Document unsigned = idp.document(idp.spec(s.acsUrl(), null, "mallory@idp-initiated.test"));
        assertRefused(logins.post(s, unsigned), "missing_signature_saml_response");

        Document tampered = idp.document(idp.spec(s.acsUrl(), null, "ada@idp-initiated.test"));
        idp.signAssertion(tampered);
        SsoSamlRefusalsTest.rewriteEmail(SamlIdp.assertion(tampered), "mallory@idp-initiated.test");
        assertRefused(logins.post(s, tampered), "invalid_signature_saml_response");

        String elsewhere = "https://another-sp.example.test/acs";
        assertUnsolicitedRefused(s, spec -> spec.audience = elsewhere, true, "invalid_audience_saml_response");
        assertUnsolicitedRefused(s, spec -> spec.recipient = elsewhere, true, "invalid_saml_destination");
        assertUnsolicitedRefused(s, spec -> spec.destination = elsewhere, false, "invalid_saml_destination");
        assertUnsolicitedRefused(
                s, spec -> spec.notOnOrAfter = idp.now().minusSeconds(90), true, "expired_saml_response");
        assertUnsolicitedRefused(
                s, spec -> spec.notBefore = idp.now().plusSeconds(90), true, "not_yet_valid_saml_response");
        assertUnsolicitedRefused(
                s, spec -> spec.issuer = "https://evil-idp.example.test", true, "invalid_saml_response");
        assertThat(membersOf(client, s.orgId())).doesNotContain("mallory@idp-initiated.test");
    }

    @Test
    void withoutADefaultRedirectUrlAnIdpInitiatedLoginIsRefused() throws Exception {
        // A project that allows localhost redirect URLs but names no default one.
        NewProject bare = server.app()
                .projects()
                .create(
                        "No default redirect",
                        Environment.TEST,
                        List.of(
                                new RedirectUrl("http://localhost:*", RedirectUrlType.LOGIN, false),
                                new RedirectUrl("http://localhost:*", RedirectUrlType.SIGNUP, false)));
        ApiClient api = server.clientFor(bare);
        SamlLogins there = new SamlLogins(server, idp, api);
        Setup s = there.activeConnection("Idp Initiated Bare Co", JIT, Map.of());

        HttpResponse<String> newcomer = there.postUnsolicited(s, "new@idp-initiated.test");
        assertRefused(newcomer, "no_default_signup_redirect_url_set");
        assertThat(membersOf(api, s.orgId())).doesNotContain("new@idp-initiated.test");

        ApiResponse member = api.post(
                "/v1/b2b/organizations/" + s.orgId() + "/members", json("email_address", "known@idp-initiated.test"));
        assertThat(member.status()).as(member.rawBody()).isEqualTo(200);
        assertRefused(there.postUnsolicited(s, "known@idp-initiated.test"), "no_default_login_redirect_url_set");

        // With a default login URL the existing member logs in; the refusal left no assertion behind.
        server.app()
                .projects()
                .addRedirectUrl(
                        bare.project().projectId(),
                        new RedirectUrl("http://localhost:4000/welcome", RedirectUrlType.LOGIN, true));
        assertThat(location(there.postUnsolicited(s, "known@idp-initiated.test")))
                .startsWith("http://localhost:4000/welcome?stytch_token_type=sso&token=");
    }

    @Test
    void inAProjectWithNoRedirectUrlsAnIdpInitiatedLoginSaysNoneAreSet() throws Exception {
        NewProject none = server.app().projects().create("No redirect URLs", Environment.TEST, List.of());
        ApiClient api = server.clientFor(none);
        SamlLogins there = new SamlLogins(server, idp, api);
        Setup s = there.activeConnection("Idp Initiated Empty Co", JIT, Map.of());

        assertRefused(there.postUnsolicited(s, "new@idp-initiated-empty.test"), "no_signup_redirect_urls_set");
        ApiResponse member = api.post(
                "/v1/b2b/organizations/" + s.orgId() + "/members",
                json("email_address", "known@idp-initiated-empty.test"));
        assertThat(member.status()).as(member.rawBody()).isEqualTo(200);
        assertRefused(there.postUnsolicited(s, "known@idp-initiated-empty.test"), "no_login_redirect_urls_set");
        assertThat(membersOf(api, s.orgId()))
                .contains("known@idp-initiated-empty.test")
                .doesNotContain("new@idp-initiated-empty.test");
    }
}
