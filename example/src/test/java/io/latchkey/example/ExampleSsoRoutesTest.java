package io.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.sso.CreateOIDCConnectionRequest;
import io.latchkey.api.sso.UpdateOIDCConnectionRequest;
import io.latchkey.sdk.request.Requests;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * "Sign in with SSO" through the example's routes: the login page offers it for organizations
 * with an active connection, {@code /sso/start} sends the browser to Latchkey with the public
 * token and this browser's PKCE challenge, and {@code /authenticate} completes the login the
 * identity provider (mock-oauth2-server, in this JVM) vouched for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleSsoRoutesTest {
    private static final String ISSUER = "example-idp";
    private static final String CLIENT_ID = "example-client";

    private ExampleHarness h;
    private MockOAuth2Server idp;

    @BeforeAll
    void start() {
        h = ExampleHarness.startReachable();
        idp = new MockOAuth2Server();
        idp.start();
    }

    @AfterAll
    void stop() {
        if (idp != null) {
            idp.shutdown();
        }
        if (h != null) {
            h.close();
        }
    }

    /** An organization whose members may sign up through its (active) OIDC connection. */
    private Organization organizationWithSso() {
        Organization org = h.organization("sso.test");
        h.sdk.organizations()
                .update(
                        org.organizationId(),
                        Requests.updateOrganization()
                                .ssoJitProvisioning("ALL_ALLOWED")
                                .build());
        String id = h.sdk.sso()
                .oidc()
                .createConnection(org.organizationId(), new CreateOIDCConnectionRequest("Example IdP", "generic"))
                .connection()
                .connectionId();
        h.sdk.sso()
                .oidc()
                .updateConnection(
                        org.organizationId(),
                        id,
                        new UpdateOIDCConnectionRequest(
                                null,
                                CLIENT_ID,
                                "example-client-secret",
                                idp.issuerUrl(ISSUER).toString(),
                                idp.authorizationEndpointUrl(ISSUER).toString(),
                                idp.tokenEndpointUrl(ISSUER).toString(),
                                null,
                                idp.jwksUrl(ISSUER).toString(),
                                null,
                                null,
                                null));
        return h.sdk.organizations().get(org.organizationId()).organization();
    }

    @Test
    void theLoginPageOffersSsoOnlyForOrganizationsWithAnActiveConnection() {
        Organization sso = organizationWithSso();
        Organization plain = h.organization("plain.test");

        Http.Response page = Http.get(h.url("/"), Map.of());

        assertThat(page.body())
                .contains("id=\"sso-" + sso.organizationSlug() + "\"")
                .contains("/sso/start?connection_id=" + sso.ssoDefaultConnectionId())
                .doesNotContain("id=\"sso-" + plain.organizationSlug() + "\"");
    }

    @Test
    void aMemberSignsInThroughTheIdentityProviderAndLandsOnTheDashboard() {
        Organization org = organizationWithSso();
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(
                ISSUER,
                "subject-ada",
                "JWT",
                null,
                Map.of("email", "ada@sso.test", "email_verified", true, "name", "Ada Lovelace"),
                3600));

        Http.Response start = Http.get(h.url("/sso/start?connection_id=" + org.ssoDefaultConnectionId()), Map.of());
        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        assertThat(start.header("Location"))
                .startsWith(h.server.baseUrl() + "/v1/public/sso/start?connection_id=")
                .contains("public_token=" + h.server.publicToken())
                .contains("pkce_code_challenge=");
        Map<String, String> browser = new HashMap<>(start.cookies());

        String authenticate = follow(follow(follow(start.header("Location"))));
        assertThat(authenticate).startsWith(h.url("/authenticate?stytch_token_type=sso&token="));

        Http.Response done = Http.get(authenticate, browser);
        assertThat(done.status()).as(done.toString()).isEqualTo(302);
        assertThat(done.header("Location")).isEqualTo("/dashboard");
        browser.putAll(done.cookies());
        Http.Response dashboard = Http.get(h.url("/dashboard"), browser);
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("ada@sso.test");
    }

    @Test
    void anSsoTokenOpenedInAnotherBrowserIsRefusedWithAFriendlyPage() {
        Organization org = organizationWithSso();
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(
                ISSUER, "subject-bob", "JWT", null, Map.of("email", "bob@sso.test", "email_verified", true), 3600));
        Http.Response start = Http.get(h.url("/sso/start?connection_id=" + org.ssoDefaultConnectionId()), Map.of());
        String authenticate = follow(follow(follow(start.header("Location"))));

        // No example_login cookie: not the browser that started the login.
        Http.Response r = Http.get(authenticate, Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body())
                .contains("Open this link in the browser where you asked for it")
                .doesNotContain("Exception");
    }

    @Test
    void aStartWithoutAConnectionIsRefused() {
        Http.Response r = Http.get(h.url("/sso/start?connection_id=%3Cscript%3E"), Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("<script>");
    }

    private static String follow(String url) {
        Http.Response r = Http.get(url, Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        return r.header("Location");
    }
}
