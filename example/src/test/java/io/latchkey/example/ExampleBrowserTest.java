package io.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.testing.MfaFlow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole guide as a person does it, in headless Chromium: the login form, the emailed link
 * (read from Latchkey's dev mailbox), the dashboard, a profile edit, logout; then discovery across
 * two organizations and an organization that requires MFA by SMS code; a link asked for in another
 * browser refused, and a failed session check that keeps the member signed in. Screenshots of the
 * pages land in {@code target/screenshots/}.
 *
 * <p>Chromium and ChromeDriver are Debian's ({@code chromium}, {@code chromium-driver}); both
 * paths are given to Selenium, so Selenium Manager never runs and nothing is downloaded. The
 * test is skipped, saying so, only when one of them is not installed.
 */
class ExampleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String DOMAIN = "acme.test";
    private static final int DESKTOP_WIDTH = 1280;
    private static final int PHONE_WIDTH = 390;

    private ExampleHarness h;
    private ChromeDriverService service;
    private WebDriver driver;
    private WebDriverWait wait;
    private Path profileDir;
    private MfaFlow mfa;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); .ci/run installs them");
        h = ExampleHarness.start();
        profileDir = Files.createTempDirectory("example-chromium-");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profileDir,
                "--window-size=" + DESKTOP_WIDTH + ",900");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        mfa = new MfaFlow(h.server);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (h != null) {
            h.close();
        }
        if (profileDir != null) {
            deleteQuietly(profileDir);
        }
    }

    @Test
    void signInEditTheProfileAndSignOutInARealBrowser() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);

        // A link that is no good: a friendly page, no stack trace.
        driver.get(h.url("/authenticate?stytch_token_type=multi_tenant_magic_links&token=not-a-real-token"));
        assertThat(driver.findElement(By.id("error-page")).getText())
                .contains("This sign-in link has expired or was already used")
                .doesNotContain("Exception");
        screenshot("error");

        // The login page, with the organization in its helper list.
        driver.get(h.url("/"));
        assertThat(driver.getTitle()).startsWith("Sign in");
        assertThat(driver.findElement(By.id("org-list")).getText()).contains(org.organizationSlug());
        screenshot("login");
        screenshotAtPhoneWidth("login-phone");

        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("organization_slug")).sendKeys(org.organizationSlug());
        driver.findElement(By.id("login-submit")).click();
        WebElement checkEmail = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("check-email")));
        assertThat(checkEmail.getText()).contains("Check your email").contains(email);

        // The emailed link, opened in the browser like a click in the mail client.
        String link = h.mail.awaitLink(email);
        driver.get(link);
        wait.until(ExpectedConditions.urlToBe(h.url("/dashboard")));
        assertThat(driver.findElement(By.id("header-email")).getText()).isEqualTo(email);
        assertThat(driver.findElement(By.id("member-email")).getText()).isEqualTo(email);
        assertThat(driver.findElement(By.id("org-name")).getText()).isEqualTo(org.organizationName());
        assertThat(driver.manage().getCookieNamed("stytch_session").isHttpOnly())
                .isTrue();
        assertThat(driver.manage().getCookieNamed("stytch_session_jwt").getSameSite())
                .isEqualTo("Lax");

        // A plain member: the app's RBAC policy does not let it change the settings.
        assertThat(driver.findElement(By.id("admin-only")).getText()).contains("billing");
        assertThat(driver.findElements(By.id("organization-form"))).isEmpty();

        // Made a billing manager meanwhile (roles are read from Latchkey, not the JWT): the app's
        // policy lets that role update billing, so the settings form appears and works, no admin needed.
        Member signedIn = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        h.sdk.organizations()
                .members()
                .update(
                        org.organizationId(),
                        signedIn.memberId(),
                        Requests.updateMember().roles("billing_manager").build());
        driver.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("organization-form")));
        replace(By.id("organization_name"), "Renamed by the billing manager");
        driver.findElement(By.id("organization-submit")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")))
                        .getText())
                .contains("Organization settings saved");
        assertThat(driver.findElement(By.id("org-name")).getText()).isEqualTo("Renamed by the billing manager");
        screenshot("dashboard-billing-manager");

        // Edit the profile through the form.
        replace(By.id("name"), "Ada Lovelace");
        replace(By.id("display_name"), "Ada");
        replace(By.id("billing_address"), "12 Analytical Row, London");
        driver.findElement(By.id("profile-submit")).click();
        WebElement notice = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(notice.getText()).contains("Profile saved");

        // Persisted: on the page after a reload, in Latchkey, and in the app's own table.
        driver.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("greeting")));
        assertThat(driver.findElement(By.id("greeting")).getText()).isEqualTo("Welcome, Ada");
        assertThat(driver.findElement(By.id("member-name")).getText()).isEqualTo("Ada Lovelace");
        assertThat(driver.findElement(By.id("member-billing")).getText()).isEqualTo("12 Analytical Row, London");
        assertThat(driver.findElement(By.id("display_name")).getDomProperty("value"))
                .isEqualTo("Ada");
        assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo("Ada Lovelace");
        Member member = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();
        assertThat(member.name()).isEqualTo("Ada Lovelace");
        assertThat(member.untrustedMetadata()).containsEntry("display_name", "Ada");
        assertThat(member.trustedMetadata()).containsEntry("billing_address", "12 Analytical Row, London");
        assertThat(h.app.users().find(member.memberId()).orElseThrow().name()).isEqualTo("Ada Lovelace");
        screenshot("dashboard");
        screenshotAtPhoneWidth("dashboard-phone");

        // Log out: back on the login page, and the dashboard sends us there again.
        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlToBe(h.url("/")));
        assertThat(driver.findElements(By.id("login-form"))).hasSize(1);
        assertThat(driver.manage().getCookieNamed("stytch_session")).isNull();
        assertThat(driver.manage().getCookieNamed("stytch_session_jwt")).isNull();
        driver.get(h.url("/dashboard"));
        wait.until(ExpectedConditions.urlToBe(h.url("/")));
        assertThat(driver.findElements(By.id("login-form"))).hasSize(1);
    }

    @Test
    void forgotPasswordThenPasswordSignInAndAChangeFromTheDashboardInARealBrowser() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        h.sdk.organizations()
                .members()
                .create(org.organizationId(), Requests.createMember(email).build());

        // From the login page to the password page; "forgot your password?" mails a reset link.
        driver.get(h.url("/"));
        driver.findElement(By.id("password-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("forgot-form")));
        screenshot("password-login");
        driver.findElement(By.id("forgot_email")).sendKeys(email);
        driver.findElement(By.id("forgot_organization_slug")).sendKeys(org.organizationSlug());
        driver.findElement(By.id("forgot-submit")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("check-email")))
                        .getText())
                .contains("password reset link")
                .contains(email);

        // The emailed link, opened here: the reset page; a weak password keeps the link usable.
        String link = h.mail.awaitLink(email);
        assertThat(link).startsWith(h.url("/reset-password?stytch_token_type=multi_tenant_passwords&token="));
        driver.get(link);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reset-form")));
        screenshot("reset-password");
        driver.findElement(By.id("new_password")).sendKeys("weak");
        driver.findElement(By.id("reset-submit")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.className("alert-error")))
                        .getText())
                .contains("Choose a stronger password");
        screenshot("reset-password-weak");
        driver.findElement(By.id("new_password")).sendKeys("Correct-Horse-9");
        driver.findElement(By.id("reset-submit")).click();
        wait.until(ExpectedConditions.urlToBe(h.url("/dashboard")));
        assertThat(driver.findElement(By.id("member-email")).getText()).isEqualTo(email);

        // Change the password on the dashboard: a weak one is refused, a strong one saved.
        driver.findElement(By.id("new_password")).sendKeys("short");
        driver.findElement(By.id("change-password-submit")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")))
                        .getText())
                .contains("too weak");
        driver.findElement(By.id("new_password")).sendKeys("Battery-Staple-7");
        driver.findElement(By.id("change-password-submit")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")))
                        .getText())
                .contains("Password changed");
        screenshot("password-changed");
        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlToBe(h.url("/")));

        // The old password no longer signs in; the new one does.
        driver.get(h.url("/password"));
        signInWithPassword(email, org.organizationSlug(), "Correct-Horse-9");
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.className("alert-error")))
                        .getText())
                .contains("That email and password don't match");
        screenshot("password-wrong");
        signInWithPassword(email, org.organizationSlug(), "Battery-Staple-7");
        wait.until(ExpectedConditions.urlToBe(h.url("/dashboard")));
        assertThat(driver.findElement(By.id("header-email")).getText()).isEqualTo(email);
        assertThat(driver.manage().getCookieNamed("stytch_session").isHttpOnly())
                .isTrue();
    }

    private void signInWithPassword(String email, String slug, String password) {
        replace(By.id("email"), email);
        replace(By.id("organization_slug"), slug);
        replace(By.id("password"), password);
        driver.findElement(By.id("password-submit")).click();
    }

    @Test
    void anotherBrowsersLinkSignsNobodyInAndATransientFailureSignsNobodyOut() {
        Organization org = h.organization(DOMAIN);
        String attacker = ExampleHarness.email(DOMAIN);
        String victim = ExampleHarness.email(DOMAIN);

        // Login CSRF: someone asks for a link to their own account and gets it opened here.
        String attackersLink = h.requestLink(org, attacker);
        driver.get(attackersLink);
        WebElement refused = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error-page")));
        assertThat(refused.getText()).contains("Open this link in the browser where you asked for it");
        assertThat(driver.manage().getCookieNamed("stytch_session")).isNull();
        assertThat(driver.manage().getCookieNamed("stytch_session_jwt")).isNull();
        screenshot("link-from-another-browser");

        // A link asked for in this browser works here, as before.
        driver.get(h.url("/"));
        driver.findElement(By.id("email")).sendKeys(victim);
        driver.findElement(By.id("organization_slug")).sendKeys(org.organizationSlug());
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("check-email")));
        assertThat(driver.manage().getCookieNamed("example_login").isHttpOnly()).isTrue();
        driver.get(h.mail.awaitLink(victim));
        wait.until(ExpectedConditions.urlToBe(h.url("/dashboard")));
        assertThat(driver.findElement(By.id("header-email")).getText()).isEqualTo(victim);

        // Latchkey refuses the app itself (its secret was rotated) while the JWT is too old to trust
        // locally: an error page, and the browser stays signed in.
        h.server.app().projects().rotateSecret(h.server.projectId());
        h.server.clock().advance(Duration.ofSeconds(90));
        driver.navigate().refresh();
        WebElement failed = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error-page")));
        assertThat(failed.getText()).contains("We couldn't check your session just now");
        assertThat(driver.manage().getCookieNamed("stytch_session")).isNotNull();
        assertThat(driver.manage().getCookieNamed("stytch_session_jwt")).isNotNull();
        screenshot("session-check-failed");
    }

    @Test
    void discoverAnOrganizationThenPassMfaBySmsInARealBrowser() {
        Organization first = h.organization(DOMAIN);
        Organization second = h.organization(DOMAIN);
        Organization strict = h.organization(DOMAIN, b -> b.mfaPolicy("REQUIRED_FOR_ALL"));
        String email = ExampleHarness.email(DOMAIN);
        h.logIn(first, email);
        h.logIn(second, email);

        // "Don't know your organization?": email only.
        driver.get(h.url("/"));
        driver.findElement(By.cssSelector("#discovery-option summary")).click();
        driver.findElement(By.id("discovery_email")).sendKeys(email);
        driver.findElement(By.id("discovery-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("check-email")));

        // The discovery link: the token leaves the address bar, the organizations are listed.
        driver.get(h.mail.awaitLinks(email, 3).get(0));
        wait.until(ExpectedConditions.urlToBe(h.url("/discovery")));
        String listed = driver.findElement(By.id("discovered-organizations")).getText();
        assertThat(listed)
                .contains(first.organizationName())
                .contains(second.organizationName())
                .contains("Member");
        assertThat(driver.manage().getCookieNamed("example_discovery").isHttpOnly())
                .isTrue();
        screenshot("discovery");
        screenshotAtPhoneWidth("discovery-phone");
        driver.findElement(By.cssSelector("button[data-organization='" + second.organizationId() + "']"))
                .click();
        wait.until(ExpectedConditions.urlToBe(h.url("/dashboard")));
        assertThat(driver.findElement(By.id("org-name")).getText()).isEqualTo(second.organizationName());
        assertThat(driver.manage().getCookieNamed("example_discovery")).isNull();
        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlToBe(h.url("/")));

        // An organization that requires MFA: the link leads to the MFA page, not the dashboard.
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("organization_slug")).sendKeys(strict.organizationSlug());
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("check-email")));
        driver.get(h.mail.awaitLinks(email, 4).get(0));
        wait.until(ExpectedConditions.urlToBe(h.url("/mfa")));
        assertThat(driver.findElement(By.id("mfa")).getText()).contains(strict.organizationName());
        assertThat(driver.manage().getCookieNamed("example_mfa").isHttpOnly()).isTrue();
        assertThat(driver.manage().getCookieNamed("stytch_session")).isNull();
        screenshot("mfa");
        screenshotAtPhoneWidth("mfa-phone");

        String phone = MfaFlow.uniquePhone();
        driver.findElement(By.id("phone_number")).sendKeys(phone);
        driver.findElement(By.id("sms-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code-form")));
        // The text, as Latchkey's dev mailbox keeps it (its JSON, kind "sms").
        String code = mfa.awaitSmsCode(phone);

        driver.findElement(By.id("code")).sendKeys(code.equals("000000") ? "111111" : "000000");
        driver.findElement(By.id("code-submit")).click();
        WebElement problem =
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#mfa .alert-error")));
        assertThat(problem.getText()).contains("That code is not right");
        screenshot("mfa-wrong-code");

        driver.findElement(By.id("code")).sendKeys(code);
        driver.findElement(By.id("code-submit")).click();
        wait.until(ExpectedConditions.urlToBe(h.url("/dashboard")));
        assertThat(driver.findElement(By.id("org-name")).getText()).isEqualTo(strict.organizationName());
        assertThat(driver.manage().getCookieNamed("stytch_session").isHttpOnly())
                .isTrue();
        assertThat(driver.manage().getCookieNamed("example_mfa")).isNull();
    }

    private void replace(By field, String text) {
        WebElement e = driver.findElement(field);
        e.clear();
        e.sendKeys(text);
    }

    /** The whole page, not only the window: the window is made as tall as the document first. */
    private void screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        // The window's own frame (outer minus inner height) comes on top of the document's height.
        long height = (Long) ((JavascriptExecutor) driver)
                .executeScript(
                        "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.max(height + 4, 600)));
        try {
            Path dir = Path.of(System.getProperty("example.screenshot.dir", "target/screenshots"));
            Files.createDirectories(dir);
            Path shot =
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.move(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    private void screenshotAtPhoneWidth(String name) {
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(PHONE_WIDTH, 844));
        try {
            Long overflow = (Long) ((JavascriptExecutor) driver)
                    .executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow)
                    .as("no sideways scrolling at phone width on " + name)
                    .isLessThanOrEqualTo(0L);
            screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
