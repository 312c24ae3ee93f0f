package io.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.api.organization.Organization;
import io.latchkey.server.testing.MfaFlow;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The MFA page and discovery over HTTP, against the real Latchkey server: the intermediate
 * session stays in a short-lived HttpOnly cookie, every form carries its CSRF token, and both
 * flows end with the normal session cookies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleMfaDiscoveryRoutesTest {
    private static final String DOMAIN = "acme.test";
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<");

    private ExampleHarness h;
    private MfaFlow mfa;

    @BeforeAll
    void start() {
        h = ExampleHarness.start();
        mfa = new MfaFlow(h.server);
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** The link of an MFA-required organization: to /mfa, the token in a cookie, no session. */
    private Map<String, String> reachMfaPage(Organization org, String email) {
        String link = h.requestLink(org, email);
        Http.Response r = Http.get(link, h.linkCookies());
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        assertThat(r.header("Location")).isEqualTo("/mfa");
        assertThat(r.setCookie("example_mfa"))
                .get()
                .asString()
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .contains("Max-Age=600");
        assertThat(r.setCookie("stytch_session")).isEmpty();
        return r.cookies();
    }

    private static Map<String, String> form(String csrf, String... keysAndValues) {
        Map<String, String> f = new HashMap<>();
        f.put("csrf_token", csrf);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            f.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return f;
    }

    @Test
    void mfaBySmsEndsOnTheDashboardAndAWrongCodeIsShownOnThePage() {
        Organization org = h.organization(DOMAIN, b -> b.mfaPolicy("REQUIRED_FOR_ALL"));
        String email = ExampleHarness.email(DOMAIN);
        Map<String, String> jar = reachMfaPage(org, email);

        Http.Response page = Http.get(h.url("/mfa"), jar);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(org.organizationName())
                .contains("Text me a code")
                .contains("Set up an authenticator app")
                .doesNotContain("<script");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.header("Content-Security-Policy")).doesNotContain("script-src");
        String csrf = page.csrfToken();

        String phone = MfaFlow.uniquePhone();
        Http.Response sent = Http.postForm(h.url("/mfa/sms"), form(csrf, "phone_number", phone), jar);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.body()).contains("We texted a code to " + phone).contains("id=\"code-form\"");
        String code = mfa.awaitSmsCode(phone);

        String wrong = code.equals("000000") ? "111111" : "000000";
        Http.Response refused = Http.postForm(h.url("/mfa/verify"), form(csrf, "method", "sms", "code", wrong), jar);
        assertThat(refused.status()).isBetween(400, 499);
        assertThat(refused.body()).contains("That code is not right").doesNotContain("Exception");
        assertThat(refused.setCookie("stytch_session")).isEmpty();

        Http.Response done = Http.postForm(h.url("/mfa/verify"), form(csrf, "method", "sms", "code", code), jar);
        assertThat(done.status()).as(done.toString()).isEqualTo(303);
        assertThat(done.header("Location")).isEqualTo("/dashboard");
        assertThat(done.cookies().get("example_mfa")).isEmpty();
        Http.Response dashboard = Http.get(h.url("/dashboard"), done.cookies());
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains(email);
    }

    @Test
    void mfaByAuthenticatorAppShowsTheQrCodeAndTheSecret() {
        Organization org = h.organization(DOMAIN, b -> b.mfaPolicy("REQUIRED_FOR_ALL"));
        Map<String, String> jar = reachMfaPage(org, ExampleHarness.email(DOMAIN));
        String csrf = Http.get(h.url("/mfa"), jar).csrfToken();

        Http.Response setup = Http.postForm(h.url("/mfa/totp"), form(csrf), jar);
        assertThat(setup.status()).as(setup.toString()).isEqualTo(200);
        assertThat(setup.body()).contains("src=\"data:image/png;base64,").contains("id=\"recovery-codes\"");
        Matcher secret = SECRET.matcher(setup.body());
        assertThat(secret.find()).as(setup.body()).isTrue();

        String code = MfaFlow.totp(secret.group(1), h.server.clock().instant());
        Http.Response done = Http.postForm(h.url("/mfa/verify"), form(csrf, "method", "totp", "code", code), jar);
        assertThat(done.status()).as(done.toString()).isEqualTo(303);
        assertThat(done.cookies().get("stytch_session")).isNotBlank();
    }

    @Test
    void mfaFormsWithoutTheCsrfTokenOrTheCookieGoNowhere() {
        Organization org = h.organization(DOMAIN, b -> b.mfaPolicy("REQUIRED_FOR_ALL"));
        Map<String, String> jar = reachMfaPage(org, ExampleHarness.email(DOMAIN));

        Http.Response noToken = Http.postForm(h.url("/mfa/sms"), Map.of("phone_number", MfaFlow.uniquePhone()), jar);
        assertThat(noToken.status()).isEqualTo(403);
        Http.Response crossSite = Http.postForm(h.url("/mfa/totp"), Map.of(), jar, "Origin", "https://evil.test");
        assertThat(crossSite.status()).isEqualTo(403);
        Http.Response noCookie = Http.get(h.url("/mfa"), Map.of());
        assertThat(noCookie.status()).isEqualTo(302);
        assertThat(noCookie.header("Location")).isEqualTo("/");
    }

    @Test
    void discoveryListsBothOrganizationsAndTheChosenOneSignsIn() {
        Organization a = h.organization(DOMAIN);
        Organization b = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        h.logIn(a, email);
        h.logIn(b, email);

        Http.Response sent = Http.postForm(h.url("/discovery/send"), Map.of("email", email), Map.of());
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.body()).contains("Check your email");
        String link = h.mail.awaitLinks(email, 3).get(0);
        assertThat(link).startsWith(h.url("/discovery?"));

        // Opened in a browser that did not ask for it: refused, and left usable.
        Http.Response elsewhere = Http.get(link, Map.of());
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("Open this link in the browser where you asked for it");
        assertThat(elsewhere.setCookie("example_discovery")).isEmpty();

        Http.Response landed = Http.get(link, sent.cookies());
        assertThat(landed.status()).as(landed.toString()).isEqualTo(302);
        assertThat(landed.header("Location")).isEqualTo("/discovery");
        assertThat(landed.setCookie("example_discovery"))
                .get()
                .asString()
                .contains("HttpOnly")
                .contains("Max-Age=600");
        Map<String, String> jar = landed.cookies();

        Http.Response list = Http.get(h.url("/discovery"), jar);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body())
                .contains(a.organizationName())
                .contains(b.organizationName())
                .contains("Member");
        assertThat(list.header("Cache-Control")).isEqualTo("no-store");

        Http.Response noToken =
                Http.postForm(h.url("/discovery/choose"), Map.of("organization_id", b.organizationId()), jar);
        assertThat(noToken.status()).isEqualTo(403);

        Http.Response chosen = Http.postForm(
                h.url("/discovery/choose"), form(list.csrfToken(), "organization_id", b.organizationId()), jar);
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(303);
        assertThat(chosen.header("Location")).isEqualTo("/dashboard");
        assertThat(chosen.cookies().get("example_discovery")).isEmpty();
        assertThat(Http.get(h.url("/dashboard"), chosen.cookies()).body()).contains(b.organizationName());
    }

    @Test
    void discoveryIntoAnMfaOrganizationGoesOnToTheMfaPage() {
        Organization plain = h.organization(DOMAIN);
        Organization strict = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        h.logIn(plain, email);
        h.logIn(strict, email);
        h.sdk.organizations()
                .update(
                        strict.organizationId(),
                        io.latchkey.sdk.request.Requests.updateOrganization()
                                .mfaPolicy("REQUIRED_FOR_ALL")
                                .build());

        Http.Response sent = Http.postForm(h.url("/discovery/send"), Map.of("email", email), Map.of());
        Map<String, String> jar =
                Http.get(h.mail.awaitLinks(email, 3).get(0), sent.cookies()).cookies();
        Http.Response list = Http.get(h.url("/discovery"), jar);
        assertThat(list.body()).contains("MFA required");

        Http.Response chosen = Http.postForm(
                h.url("/discovery/choose"), form(list.csrfToken(), "organization_id", strict.organizationId()), jar);
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(303);
        assertThat(chosen.header("Location")).isEqualTo("/mfa");
        assertThat(chosen.setCookie("example_mfa")).isPresent();
        assertThat(chosen.setCookie("stytch_session")).isEmpty();
        assertThat(Http.get(h.url("/mfa"), chosen.cookies()).body()).contains(strict.organizationName());
    }
}
