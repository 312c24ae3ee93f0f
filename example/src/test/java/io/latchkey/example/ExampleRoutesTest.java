package io.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.example.store.AppUser;
import io.latchkey.sdk.LatchkeyApiException;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.testing.LoginFlow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The example's routes over HTTP, against the real Latchkey server: no mocks. One server and app
 * for the class; every test makes its own organization and members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleRoutesTest {
    private static final String DOMAIN = "acme.test";

    private ExampleHarness h;

    @BeforeAll
    void start() {
        h = ExampleHarness.start();
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void loginFormRendersWithTheOrganizationListAndSecurityHeaders() {
        Organization org = h.organization(DOMAIN);

        Http.Response r = Http.get(h.url("/"), Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body())
                .contains("<form class=\"card\" method=\"post\" action=\"/login-or-signup\"")
                .contains("name=\"email\"")
                .contains("name=\"organization_slug\"")
                .contains(org.organizationSlug());
        assertSecurityHeaders(r);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void stylesheetIsServedAndMayBeCached() {
        Http.Response r = Http.get(h.url("/static/app.css"), Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/css");
        assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=300");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void loginOrSignupMailsALinkToTheAppsAuthenticateRoute() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);

        Http.Response r = Http.postForm(
                h.url("/login-or-signup"),
                Map.of("email", email, "organization_slug", org.organizationSlug()),
                Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("Check your email").contains(email).contains(org.organizationName());
        String link = h.mail.awaitLink(email);
        assertThat(link).startsWith("http://localhost:" + h.app.port() + "/authenticate?");
        assertThat(LoginFlow.queryParam(link, "stytch_token_type")).isEqualTo("multi_tenant_magic_links");
        // The link is bound to this client by a PKCE verifier kept in a cookie, not in the link.
        String binding = r.setCookie("example_login").orElseThrow();
        assertThat(binding).contains("; HttpOnly").contains("; SameSite=Lax").contains("; Max-Age=3600");
        assertThat(link).doesNotContain(r.cookies().get("example_login"));
    }

    @Test
    void aLinkOpenedInABrowserThatDidNotAskForItSignsNobodyIn() {
        Organization org = h.organization(DOMAIN);
        String link = h.requestLink(org, ExampleHarness.email(DOMAIN));

        // Someone else's browser: no verifier, or its own from a link it asked for.
        Http.Response none = Http.get(link, Map.of());
        Http.Response other = Http.get(link, Map.of("example_login", "x".repeat(43)));

        for (Http.Response r : List.of(none, other)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.body()).contains("Open this link in the browser where you asked for it");
            assertThat(r.setCookie("stytch_session")).isEmpty();
            assertThat(r.setCookie("stytch_session_jwt")).isEmpty();
        }
        // The refusals did not spend it: the browser that asked still signs in with it.
        Http.Response mine = Http.get(link, h.linkCookies());
        assertThat(mine.status()).as(mine.toString()).isEqualTo(302);
        assertThat(mine.header("Location")).isEqualTo("/dashboard");
    }

    @Test
    void twoLinksAskedForInOneBrowserBothWorkThere() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        Http.Response first = Http.postForm(
                h.url("/login-or-signup"),
                Map.of("email", email, "organization_slug", org.organizationSlug()),
                Map.of());
        Map<String, String> browser = first.cookies();
        Http.Response second = Http.postForm(
                h.url("/login-or-signup"),
                Map.of("email", email, "organization_slug", org.organizationSlug()),
                browser);
        assertThat(second.cookies().get("example_login")).isEqualTo(browser.get("example_login"));

        List<String> links = h.mail.awaitLinks(email, 2);
        assertThat(Http.get(links.get(0), browser).status()).isEqualTo(302);
        assertThat(Http.get(links.get(1), browser).status()).isEqualTo(302);
    }

    @Test
    void loginOrSignupWithAnUnknownOrganizationShowsAFriendlyError() {
        Http.Response r = Http.postForm(
                h.url("/login-or-signup"),
                Map.of("email", "ada@acme.test", "organization_slug", "no-such-org"),
                Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body())
                .contains("We couldn't find that organization")
                .contains("organization_not_found")
                .contains("value=\"ada@acme.test\"")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void loginOrSignupWithAnEmailOutsideTheAllowedDomainsSaysWhy() {
        Organization org = h.organization(DOMAIN);

        Http.Response r = Http.postForm(
                h.url("/login-or-signup"),
                Map.of("email", "eve@elsewhere.test", "organization_slug", org.organizationSlug()),
                Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"error-type\"").doesNotContain("Exception");
    }

    @Test
    void loginOrSignupWithoutAnEmailAsksForIt() {
        Http.Response r = Http.postForm(h.url("/login-or-signup"), Map.of("organization_slug", "acme"), Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("Email is required.").contains("missing_field");
    }

    @Test
    void authenticateSetsBothSessionCookiesAndCreatesTheUsersRow() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        String link = h.requestLink(org, email);

        Http.Response r = Http.get(link, h.linkCookies());

        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).isEqualTo("/dashboard");
        for (String name : List.of("stytch_session", "stytch_session_jwt")) {
            String cookie = r.setCookie(name).orElseThrow();
            assertThat(cookie).contains("; HttpOnly").contains("; SameSite=Lax").contains("; Path=/");
            // Plain http on localhost during development: not Secure there (see the next test).
            assertThat(cookie).doesNotContain("Secure");
        }
        Map<String, String> cookies = r.cookies();
        assertThat(cookies.get("stytch_session")).isNotBlank();
        assertThat(cookies.get("stytch_session_jwt")).contains(".");

        Member member = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        AppUser row = h.app.users().find(member.memberId()).orElseThrow();
        assertThat(row.organizationId()).isEqualTo(org.organizationId());
        assertThat(row.email()).isEqualTo(email);
        assertThat(row.lastLoginAt()).isNotNull();
        // The cookie's token is a live session of that member.
        assertThat(h.sdk.sessions()
                        .authenticate(Requests.authenticateSessionToken(cookies.get("stytch_session"))
                                .build())
                        .memberSession()
                        .memberId())
                .isEqualTo(member.memberId());
    }

    @Test
    void theHostHeaderDoesNotMakeCookiesSecure() {
        Organization org = h.organization(DOMAIN);
        String link = h.requestLink(org, ExampleHarness.email(DOMAIN));

        // Behind a proxy the Host names whatever the proxy says; only the public URL decides.
        Http.Response r = Http.get(link, h.linkCookies(), "Host", "app.example.test");

        assertThat(r.status()).isEqualTo(302);
        assertThat(r.setCookie("stytch_session").orElseThrow()).doesNotContain("Secure");
    }

    @Test
    void anHttpsPublicUrlMakesCookiesSecureWhateverTheHost() throws Exception {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));
        try (ExampleApp behindTls = h.otherApp(h.server.secret(), h.server.baseUrl(), "https://app.example.test")) {
            String url = "http://127.0.0.1:" + behindTls.port() + "/dashboard";

            // Only the token: Latchkey is asked and the fresh JWT cookie is set, Secure.
            Http.Response r =
                    Http.get(url, Map.of("stytch_session", cookies.get("stytch_session")), "Host", "localhost");

            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.setCookie("stytch_session_jwt").orElseThrow()).contains("; Secure");
        }
    }

    @Test
    void aSessionCheckLatchkeyRefusesForAnotherReasonKeepsTheCookies() throws Exception {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));
        // The JWT is too old to trust locally, so Latchkey must be asked.
        h.server.clock().advance(java.time.Duration.ofSeconds(90));
        try (ExampleApp wrongSecret = h.otherApp("secret-test-not-this-projects", h.server.baseUrl(), null)) {
            Http.Response r = Http.get("http://localhost:" + wrongSecret.port() + "/dashboard", cookies);

            // Latchkey refused the app (401), not the session: an error page, still signed in.
            assertThat(r.status()).as(r.toString()).isEqualTo(503);
            assertThat(r.body())
                    .contains("We couldn't check your session just now")
                    .contains("unauthorized_credentials");
            assertThat(r.setCookies()).noneMatch(c -> c.startsWith("stytch_session"));
        }
        assertThat(Http.get(h.url("/dashboard"), cookies).status()).isEqualTo(200);
    }

    @Test
    void aSessionCheckWhenLatchkeyIsUnreachableKeepsTheCookies() throws Exception {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ExampleApp cutOff = h.otherApp(h.server.secret(), "http://127.0.0.1:" + closedPort, null)) {
            Http.Response r = Http.get("http://localhost:" + cutOff.port() + "/dashboard", cookies);

            assertThat(r.status()).as(r.toString()).isEqualTo(503);
            assertThat(r.body()).contains("latchkey_unreachable");
            assertThat(r.setCookies()).noneMatch(c -> c.startsWith("stytch_session"));
        }
        assertThat(Http.get(h.url("/dashboard"), cookies).status()).isEqualTo(200);
    }

    @Test
    void aJwtRefusedLocallyBesideALiveSessionTokenLetsLatchkeyDecide() {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));

        // A JWT signed by a key the JWKS does not hold (say, rotated in a moment ago): the token decides.
        Http.Response r = Http.get(
                h.url("/dashboard"),
                Map.of(
                        "stytch_session",
                        cookies.get("stytch_session"),
                        "stytch_session_jwt",
                        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Imp3ay10ZXN0LW5ldyJ9.e30.c2ln"));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains("checked with Latchkey");
        assertThat(r.setCookie("stytch_session_jwt").orElseThrow()).doesNotContain("Max-Age=0");
    }

    @Test
    void aUsedLinkShowsAFriendlyPageAndSetsNoCookie() {
        Organization org = h.organization(DOMAIN);
        String link = h.requestLink(org, ExampleHarness.email(DOMAIN));
        assertThat(Http.get(link, h.linkCookies()).status()).isEqualTo(302);

        Http.Response again = Http.get(link, h.linkCookies());

        assertThat(again.status()).isEqualTo(401);
        assertThat(again.body()).contains("unable_to_auth_magic_link").contains("has expired or was already used");
        assertThat(again.setCookies()).isEmpty();
    }

    @Test
    void authenticateWithoutATokenExplains() {
        Http.Response r = Http.get(h.url("/authenticate"), Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("missing_token");
    }

    @Test
    void dashboardWithoutASessionCookieRedirectsToTheLoginPage() {
        Http.Response r = Http.get(h.url("/dashboard"), Map.of());

        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/");
    }

    @Test
    void dashboardWithAForgedJwtClearsTheCookiesAndRedirects() {
        Http.Response r = Http.get(h.url("/dashboard"), Map.of("stytch_session_jwt", "eyJhbGciOiJub25lIn0.e30."));

        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/");
        assertThat(r.setCookie("stytch_session_jwt").orElseThrow()).contains("Max-Age=0");
        assertThat(r.setCookie("stytch_session").orElseThrow()).contains("Max-Age=0");
    }

    @Test
    void dashboardShowsTheMemberTheOrganizationAndTheAppsOwnRow() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        Map<String, String> cookies = h.logIn(org, email);

        Http.Response r = Http.get(h.url("/dashboard"), cookies);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .contains(email)
                .contains("stytch_member")
                .contains(org.organizationName())
                .contains(org.organizationSlug())
                .contains("This app's database")
                .contains("last_login_at")
                .contains("<form class=\"inline\" method=\"post\" action=\"/logout\">");
        assertSecurityHeaders(r);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void dashboardWithOnlyTheSessionTokenCookieAsksLatchkeyAndSetsAFreshJwt() {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));

        Http.Response r = Http.get(h.url("/dashboard"), Map.of("stytch_session", cookies.get("stytch_session")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("checked with Latchkey");
        assertThat(r.setCookie("stytch_session_jwt").orElseThrow())
                .contains("; HttpOnly")
                .doesNotContain("Max-Age");
    }

    @Test
    void profileUpdatePersistsInLatchkeyAndInTheUsersTable() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        Map<String, String> cookies = h.logIn(org, email);
        String csrf = Http.get(h.url("/dashboard"), cookies).csrfToken();

        Http.Response r = Http.postForm(
                h.url("/profile"),
                Map.of(
                        "_method", "PUT",
                        "csrf_token", csrf,
                        "name", "Ada Lovelace",
                        "display_name", "Ada",
                        "profile_pic_url", "https://images.example.test/ada.png",
                        "billing_address", "12 Analytical Row, London"),
                cookies);

        assertThat(r.status()).as(r.toString()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/dashboard?saved=profile");
        Member m = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        assertThat(m.name()).isEqualTo("Ada Lovelace");
        assertThat(m.untrustedMetadata())
                .containsEntry("display_name", "Ada")
                .containsEntry("profile_pic_url", "https://images.example.test/ada.png");
        assertThat(m.trustedMetadata()).containsEntry("billing_address", "12 Analytical Row, London");
        assertThat(h.app.users().find(m.memberId()).orElseThrow().name()).isEqualTo("Ada Lovelace");

        Http.Response page = Http.get(h.url("/dashboard?saved=profile"), cookies);
        assertThat(page.body())
                .contains("Profile saved")
                .contains("Welcome, Ada")
                .contains("<img class=\"avatar\" src=\"https://images.example.test/ada.png\"")
                .contains("12 Analytical Row, London");
    }

    @Test
    void profilePutTakesJsonAndAnswersJson() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        Map<String, String> cookies = h.logIn(org, email);
        String csrf = Http.get(h.url("/dashboard"), cookies).csrfToken();

        Http.Response r = Http.putJson(
                h.url("/profile"),
                "{\"name\": \"Grace Hopper\", \"display_name\": \"Grace\", \"billing_address\": \"Arlington\"}",
                cookies,
                "X-CSRF-Token",
                csrf);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).contains("\"name\":\"Grace Hopper\"").contains("\"display_name\":\"Grace\"");
        Member m = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        assertThat(m.trustedMetadata()).containsEntry("billing_address", "Arlington");
        assertThat(h.app.users().find(m.memberId()).orElseThrow().name()).isEqualTo("Grace Hopper");
    }

    @Test
    void profileUpdateWithoutTheCsrfTokenIsRefused() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        Map<String, String> cookies = h.logIn(org, email);

        Http.Response r = Http.postForm(h.url("/profile"), Map.of("name", "Mallory"), cookies);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("invalid_csrf_token");
        assertThat(h.sdk.organizations()
                        .members()
                        .getByEmail(org.organizationId(), email)
                        .member()
                        .name())
                .isNotEqualTo("Mallory");
    }

    @Test
    void profileUpdateWithAnUnsafePictureUrlIsRefused() {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));
        String csrf = Http.get(h.url("/dashboard"), cookies).csrfToken();

        Http.Response r = Http.postForm(
                h.url("/profile"), Map.of("csrf_token", csrf, "profile_pic_url", "javascript:alert(1)"), cookies);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("invalid_profile_pic_url");
    }

    @Test
    void crossSitePostsAreRefusedBeforeAnythingHappens() {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));
        String csrf = Http.get(h.url("/dashboard"), cookies).csrfToken();
        Map<String, String> form = Map.of("csrf_token", csrf, "name", "Mallory");

        Http.Response byOrigin = Http.postForm(h.url("/profile"), form, cookies, "Origin", "https://evil.example");
        Http.Response byFetchMetadata = Http.postForm(h.url("/profile"), form, cookies, "Sec-Fetch-Site", "cross-site");
        Http.Response sameOrigin = Http.postForm(
                h.url("/profile"),
                Map.of("csrf_token", csrf, "name", "Ada"),
                cookies,
                "Origin",
                h.app.baseUrl(),
                "Sec-Fetch-Site",
                "same-origin");

        assertThat(byOrigin.status()).isEqualTo(403);
        assertThat(byOrigin.body()).contains("cross_site_request");
        assertThat(byFetchMetadata.status()).isEqualTo(403);
        assertThat(sameOrigin.status()).isEqualTo(303);
    }

    @Test
    void organizationUpdateIsRefusedForMembersWhoseRolesDoNotAllowIt() {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));
        Http.Response dashboard = Http.get(h.url("/dashboard"), cookies);
        assertThat(dashboard.body()).contains("needs permission to update").doesNotContain("id=\"organization-form\"");

        Http.Response r = Http.postForm(
                h.url("/organization"),
                Map.of("csrf_token", dashboard.csrfToken(), "organization_name", "Taken Over"),
                cookies);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body())
                .contains("permission_required")
                .contains("Your roles do not allow changing organization settings");
        assertThat(h.sdk.organizations()
                        .get(org.organizationId())
                        .organization()
                        .organizationName())
                .isEqualTo(org.organizationName());
    }

    @Test
    void aBillingManagerWhoIsNoAdminMayChangeTheSettingsByTheAppsPolicy() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        Map<String, String> cookies = h.logIn(org, email);
        var member = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        h.sdk.organizations()
                .members()
                .update(
                        org.organizationId(),
                        member.memberId(),
                        Requests.updateMember().roles("billing_manager").build());
        Http.Response dashboard = Http.get(h.url("/dashboard"), cookies);
        assertThat(dashboard.body()).contains("id=\"organization-form\"");

        Http.Response r = Http.postForm(
                h.url("/organization"),
                Map.of("csrf_token", dashboard.csrfToken(), "organization_name", "Renamed by billing"),
                cookies);

        assertThat(r.status()).isEqualTo(303);
        assertThat(h.sdk.organizations()
                        .get(org.organizationId())
                        .organization()
                        .organizationName())
                .isEqualTo("Renamed by billing");
    }

    @Test
    void organizationUpdateIsAllowedForAdmins() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        Map<String, String> cookies = h.logIn(org, email);
        Member member = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        h.sdk.organizations()
                .members()
                .update(
                        org.organizationId(),
                        member.memberId(),
                        Requests.updateMember().roles("stytch_admin").build());
        Http.Response dashboard = Http.get(h.url("/dashboard"), cookies);
        assertThat(dashboard.body()).contains("id=\"organization-form\"");

        Map<String, String> form = new HashMap<>();
        form.put("_method", "PUT");
        form.put("csrf_token", dashboard.csrfToken());
        form.put("organization_name", "Customer A");
        form.put("mfa_policy", "REQUIRED_FOR_ALL");
        form.put("email_allowed_domains", "@customer-a.test, acme.test");
        form.put("email_invites", "RESTRICTED");
        form.put("email_jit_provisioning", "RESTRICTED");
        Http.Response r = Http.postForm(h.url("/organization"), form, cookies);

        assertThat(r.status()).as(r.toString()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/dashboard?saved=organization");
        Organization updated = h.sdk.organizations().get(org.organizationId()).organization();
        assertThat(updated.organizationName()).isEqualTo("Customer A");
        assertThat(updated.mfaPolicy()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(updated.emailAllowedDomains()).containsExactly("customer-a.test", "acme.test");
        assertThat(updated.emailInvites()).isEqualTo("RESTRICTED");
        assertThat(updated.emailJitProvisioning()).isEqualTo("RESTRICTED");
    }

    @Test
    void organizationPutTakesJsonFromAdmins() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        Map<String, String> cookies = h.logIn(org, email);
        Member member = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        h.sdk.organizations()
                .members()
                .update(
                        org.organizationId(),
                        member.memberId(),
                        Requests.updateMember().roles("stytch_admin").build());
        String csrf = Http.get(h.url("/dashboard"), cookies).csrfToken();

        Http.Response r = Http.putJson(
                h.url("/organization"),
                "{\"organization_name\": \"Renamed\", \"email_allowed_domains\": [\"acme.test\"]}",
                cookies,
                "X-CSRF-Token",
                csrf);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains("\"organization_name\":\"Renamed\"");
    }

    @Test
    void anInvalidOrganizationSettingShowsLatchkeysReason() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        Map<String, String> cookies = h.logIn(org, email);
        Member member = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        h.sdk.organizations()
                .members()
                .update(
                        org.organizationId(),
                        member.memberId(),
                        Requests.updateMember().roles("stytch_admin").build());
        String csrf = Http.get(h.url("/dashboard"), cookies).csrfToken();

        // A public mail provider as an allowed domain is refused by Latchkey.
        Http.Response r = Http.postForm(
                h.url("/organization"),
                Map.of(
                        "csrf_token",
                        csrf,
                        "email_allowed_domains",
                        "gmail.com",
                        "email_jit_provisioning",
                        "RESTRICTED"),
                cookies);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("organization_settings_domain_too_common").doesNotContain("Exception");
    }

    @Test
    void logoutRevokesTheSessionAndClearsBothCookies() {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));
        String csrf = Http.get(h.url("/dashboard"), cookies).csrfToken();

        Http.Response r = Http.postForm(h.url("/logout"), Map.of("csrf_token", csrf), cookies);

        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/");
        assertThat(r.setCookie("stytch_session").orElseThrow())
                .startsWith("stytch_session=;")
                .contains("Max-Age=0");
        assertThat(r.setCookie("stytch_session_jwt").orElseThrow())
                .startsWith("stytch_session_jwt=;")
                .contains("Max-Age=0");
        assertThatThrownBy(() -> h.sdk.sessions()
                        .authenticate(Requests.authenticateSessionToken(cookies.get("stytch_session"))
                                .build()))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("session_not_found"));
        // Without the JWT cookie, the token alone no longer opens the dashboard.
        Http.Response after = Http.get(h.url("/dashboard"), Map.of("stytch_session", cookies.get("stytch_session")));
        assertThat(after.status()).isEqualTo(303);
    }

    @Test
    void logoutIsNotAGetAndNeedsTheSessionsCsrfToken() {
        Organization org = h.organization(DOMAIN);
        Map<String, String> cookies = h.logIn(org, ExampleHarness.email(DOMAIN));
        Map<String, String> someoneElses = h.logIn(org, ExampleHarness.email(DOMAIN));
        String otherToken = Http.get(h.url("/dashboard"), someoneElses).csrfToken();

        // A link, an image or a link preview cannot sign anyone out.
        assertThat(Http.get(h.url("/logout"), cookies).status()).isEqualTo(404);
        // Nor can a post without this session's token (none, or another session's).
        Http.Response noToken = Http.postForm(h.url("/logout"), Map.of(), cookies);
        Http.Response wrongToken = Http.postForm(h.url("/logout"), Map.of("csrf_token", otherToken), cookies);

        for (Http.Response r : List.of(noToken, wrongToken)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.body()).contains("invalid_csrf_token");
            assertThat(r.setCookies()).noneMatch(c -> c.startsWith("stytch_session"));
        }
        assertThat(Http.get(h.url("/dashboard"), cookies).status()).isEqualTo(200);
    }

    @Test
    void logoutWithoutASessionStillGoesHome() {
        Http.Response r = Http.postForm(h.url("/logout"), Map.of(), Map.of());

        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/");
    }

    @Test
    void createOrganizationMakesTheCreatorAnAdminAndMailsALink() {
        String slug = LoginFlow.unique("new");
        String email = ExampleHarness.email("newco.test");

        Http.Response r = Http.postForm(
                h.url("/organizations"),
                Map.of("organization_name", "NewCo", "organization_slug", slug, "email", email),
                Map.of());

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains("Check your email");
        Organization org = h.sdk.organizations().get(slug).organization();
        assertThat(org.emailAllowedDomains()).containsExactly("newco.test");
        Member creator = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        assertThat(creator.isAdmin()).isTrue();
        Http.Response login = Http.get(h.mail.awaitLink(email), r.cookies());
        assertThat(login.status()).isEqualTo(302);
        assertThat(Http.get(h.url("/dashboard"), login.cookies()).body()).contains("id=\"organization-form\"");
    }

    @Test
    void unknownPagesGetAFriendly404() {
        Http.Response r = Http.get(h.url("/nope"), Map.of());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("There is nothing here").contains("not_found");
        assertSecurityHeaders(r);
    }

    private static void assertSecurityHeaders(Http.Response r) {
        assertThat(r.header("Content-Security-Policy"))
                .contains("default-src 'none'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("script-src");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
