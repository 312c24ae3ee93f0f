package io.latchkey.server.project;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Environment;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every flow given no redirect URL falls back to the project's default of its kind, and without
 * one answers Stytch's name for why: {@code no_default_<kind>_redirect_url_set} when the project
 * has URLs of that kind but none is the default, {@code no_<kind>_redirect_urls_set} when it has
 * none at all. A refused send stores nothing.
 */
class RedirectUrlDefaultsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    /** A project with every kind of URL, none of them the default. */
    static ApiClient withoutDefaults() {
        List<RedirectUrl> urls = new ArrayList<>();
        for (RedirectUrlType type : RedirectUrlType.values()) {
            urls.add(new RedirectUrl("http://localhost:3000/cb", type, false));
        }
        return server.clientFor(server.app().projects().create("No defaults", Environment.TEST, urls));
    }

    static ApiClient withoutUrls() {
        return server.clientFor(server.app().projects().create("No URLs", Environment.TEST, List.of()));
    }

    static String organization(ApiClient api) {
        return new LoginFlow(server, api)
                .organizationAllowing("acme.test")
                .path("organization_id")
                .asText();
    }

    static String member(ApiClient api, String orgId) {
        String email = unique("m") + "@acme.test";
        ApiResponse m = api.post("/v1/b2b/organizations/" + orgId + "/members", json("email_address", email));
        assertThat(m.status()).as(m.toString()).isEqualTo(200);
        return email;
    }

    static ApiResponse loginOrSignup(ApiClient api, String orgId, String email) {
        return api.post(
                "/v1/b2b/magic_links/email/login_or_signup", json("organization_id", orgId, "email_address", email));
    }

    static ApiResponse invite(ApiClient api, String orgId, String email) {
        return api.post("/v1/b2b/magic_links/email/invite", json("organization_id", orgId, "email_address", email));
    }

    static ApiResponse discovery(ApiClient api, String email) {
        return api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
    }

    static ApiResponse resetStart(ApiClient api, String orgId, String email) {
        return api.post("/v1/b2b/passwords/email/reset/start", json("organization_id", orgId, "email_address", email));
    }

    static List<String> membersOf(ApiClient api, String orgId) {
        ApiResponse r = api.post(
                "/v1/b2b/organizations/members/search", json("organization_ids", List.of(orgId), "limit", 100));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> emails = new ArrayList<>();
        r.body().path("members").forEach(m -> emails.add(m.path("email_address").asText()));
        return emails;
    }

    /**
     * Sends, without a redirect URL, a magic-link login (an existing member), a signup (a newcomer),
     * an invite, a discovery mail and a password reset, and checks each answer's error type in that
     * order; then that none of them added a member.
     */
    static void assertEachFlowRefused(ApiClient api, String... errorTypes) {
        String orgId = organization(api);
        String known = member(api, orgId);
        List<ApiResponse> answers = List.of(
                loginOrSignup(api, orgId, known),
                loginOrSignup(api, orgId, unique("new") + "@acme.test"),
                invite(api, orgId, unique("i") + "@acme.test"),
                discovery(api, known),
                resetStart(api, orgId, known));
        for (int i = 0; i < errorTypes.length; i++) {
            assertError(answers.get(i), 400, errorTypes[i]);
        }
        assertThat(membersOf(api, orgId)).containsExactly(known);
    }

    @Test
    void withUrlsButNoDefaultEachFlowNamesTheMissingDefault() {
        assertEachFlowRefused(
                withoutDefaults(),
                "no_default_login_redirect_url_set",
                "no_default_signup_redirect_url_set",
                "no_default_invite_redirect_url_set",
                "no_default_discovery_redirect_url_set",
                "no_reset_password_redirect_urls_set");
    }

    @Test
    void withNoUrlsOfTheKindEachFlowSaysNoneAreSet() {
        assertEachFlowRefused(
                withoutUrls(),
                "no_login_redirect_urls_set",
                "no_signup_redirect_urls_set",
                "no_invite_redirect_urls_set",
                "no_discovery_redirect_urls_set",
                "no_reset_password_redirect_urls_set");
    }

    @Test
    void aLoginOrInviteUrlOffTheListIsRefusedByItsKindsName() {
        ApiClient api = withoutDefaults();
        String orgId = organization(api);
        String known = member(api, orgId);
        String elsewhere = "https://elsewhere.example/cb";
        Map<String, ApiResponse> answers = Map.of(
                "invalid_login_redirect_url",
                api.post(
                        "/v1/b2b/magic_links/email/login_or_signup",
                        json("organization_id", orgId, "email_address", known, "login_redirect_url", elsewhere)),
                "invalid_invite_redirect_url",
                api.post(
                        "/v1/b2b/magic_links/email/invite",
                        json(
                                "organization_id",
                                orgId,
                                "email_address",
                                unique("i") + "@acme.test",
                                "invite_redirect_url",
                                elsewhere)));
        answers.forEach((type, r) -> assertError(r, 400, type));
        assertThat(membersOf(api, orgId)).containsExactly(known);
    }

    @Test
    void theDefaultIsUsedWhenNoneIsGiven() {
        NewProject project = server.app().projects().create("Late default", Environment.TEST, List.of());
        ApiClient api = server.clientFor(project);
        String orgId = organization(api);
        String known = member(api, orgId);
        assertError(loginOrSignup(api, orgId, known), 400, "no_login_redirect_urls_set");
        server.app()
                .projects()
                .addRedirectUrl(
                        project.project().projectId(),
                        new RedirectUrl("http://localhost:3000/welcome", RedirectUrlType.LOGIN, true));
        ApiResponse r = loginOrSignup(api, orgId, known);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
}
