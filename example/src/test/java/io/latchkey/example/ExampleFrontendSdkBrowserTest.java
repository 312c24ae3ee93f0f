package io.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.sdk.LatchkeyApiException;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.project.FrontendCall;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Stytch's own frontend SDK ({@code @stytch/vanilla-js} 6.3.0, installed from npm at build time
 * and served by the example app) against Latchkey, in headless Chromium: a session started by the
 * app's server handed to the SDK, refreshed, used to rename the member and revoked; and a login
 * done entirely by the SDK that the app's server then sees. The SDK calls Latchkey's /sdk/v1
 * directly from the page (its {@code endpoints} client option). Screenshots in {@code
 * target/screenshots/}. Nothing leaves the machine: the page's Content-Security-Policy allows
 * calls to Latchkey only.
 */
class ExampleFrontendSdkBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String DOMAIN = "acme.test";

    private ExampleHarness h;
    private ChromeDriverService service;
    private WebDriver driver;
    private WebDriverWait wait;
    private Path profileDir;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); .ci/run installs them");
        h = ExampleHarness.start();
        // The app's pages are the project's authorized origin, as `latchkey project frontend
        // add-origin` sets it; members may rename themselves from the browser.
        h.server.app().projects().addAuthorizedOrigin(h.server.projectId(), h.app.baseUrl());
        h.server.app().projects().setFrontendCall(h.server.projectId(), FrontendCall.MEMBER_SELF_UPDATE, true);
        profileDir = Files.createTempDirectory("example-sdk-chromium-");
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
                "--window-size=1280,1000");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
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
    void theSdkTakesOverTheServersSessionRefreshesRenamesAndRevokesIt() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);

        // The server-side login of the guide: the form, the emailed link, the dashboard.
        driver.get(h.url("/"));
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("organization_slug")).sendKeys(org.organizationSlug());
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("check-email")));
        driver.get(h.mail.awaitLink(email));
        wait.until(ExpectedConditions.urlToBe(h.url("/dashboard")));
        String sessionToken = driver.manage().getCookieNamed("stytch_session").getValue();
        Member member = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), email)
                .member();

        // The SDK's page: it is handed the session and sees the member.
        driver.get(h.url("/browser"));
        awaitStatus("signed-in");
        assertThat(text("sdk-member-id")).isEqualTo(member.memberId());
        assertThat(text("sdk-member-email")).isEqualTo(email);
        String expiresBefore = text("sdk-expires");
        screenshot("sdk-hydrated");

        // A refresh (session.authenticate with a new duration) moves the expiry.
        driver.findElement(By.id("sdk-refresh")).click();
        awaitStatus("refreshed");
        assertThat(text("sdk-expires")).isNotEqualTo(expiresBefore);

        // self.update: the member renames itself from the browser.
        driver.findElement(By.id("sdk-name")).sendKeys("Grace Hopper");
        driver.findElement(By.id("sdk-rename-submit")).click();
        awaitStatus("renamed");
        assertThat(text("sdk-member-name")).isEqualTo("Grace Hopper");
        assertThat(h.sdk.organizations()
                        .members()
                        .get(org.organizationId(), member.memberId())
                        .member()
                        .name())
                .isEqualTo("Grace Hopper");
        screenshot("sdk-renamed");

        // session.revoke: the server's own check of the same session now fails.
        driver.findElement(By.id("sdk-logout")).click();
        awaitStatus("signed-out");
        assertThat(text("sdk-member-id")).isEqualTo("–");
        LatchkeyApiException dead = catchThrowableOfType(
                LatchkeyApiException.class,
                () -> h.sdk.sessions()
                        .authenticate(
                                Requests.authenticateSessionToken(sessionToken).build()));
        assertThat(dead.errorType()).isEqualTo("session_not_found");
        screenshot("sdk-signed-out");
        // Past the age up to which the app trusts a JWT without asking Latchkey, the app's pages
        // send the browser back to the login form.
        h.server.clock().advance(Duration.ofSeconds(90));
        driver.get(h.url("/dashboard"));
        wait.until(ExpectedConditions.urlToBe(h.url("/")));
        assertThat(driver.findElements(By.id("login-form"))).hasSize(1);
    }

    @Test
    void aLoginDoneEntirelyByTheSdkIsSeenByTheServer() {
        Organization org = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);

        driver.get(h.url("/browser-login"));
        awaitStatus("signed-out");
        driver.findElement(By.id("sdk-email")).sendKeys(email);
        driver.findElement(By.id("sdk-organization-id")).sendKeys(org.organizationId());
        screenshot("sdk-login");
        driver.findElement(By.id("sdk-login-submit")).click();
        awaitStatus("link-sent");

        // The emailed link leads back to the SDK's page, which completes it with magicLinks.authenticate.
        String link = h.mail.awaitLink(email);
        assertThat(link).startsWith(h.url("/browser-login"));
        driver.get(link);
        awaitStatus("signed-in");
        assertThat(text("sdk-member-email")).isEqualTo(email);
        assertThat(driver.getCurrentUrl()).doesNotContain("token=");
        screenshot("sdk-signed-in");

        // The server sees the session the SDK holds: Latchkey's backend check, then the app's own pages.
        String sessionToken = driver.manage().getCookieNamed("stytch_session").getValue();
        AuthenticateSessionResponse checked = h.sdk.sessions()
                .authenticate(Requests.authenticateSessionToken(sessionToken).build());
        assertThat(checked.member().emailAddress()).isEqualTo(email);
        assertThat(text("sdk-member-id")).isEqualTo(checked.member().memberId());
        driver.findElement(By.id("sdk-dashboard")).click();
        wait.until(ExpectedConditions.urlToBe(h.url("/dashboard")));
        assertThat(driver.findElement(By.id("header-email")).getText()).isEqualTo(email);
        screenshot("sdk-dashboard");
    }

    @Test
    void aDiscoveryLoginInTheBrowserCarriesTheIntermediateSessionToTheExchange() {
        Organization first = h.organization(DOMAIN);
        Organization second = h.organization(DOMAIN);
        String email = ExampleHarness.email(DOMAIN);
        h.logIn(first, email);
        h.logIn(second, email);

        driver.get(h.url("/browser-login"));
        awaitStatus("signed-out");
        driver.findElement(By.cssSelector("#sdk-discovery-option summary")).click();
        driver.findElement(By.id("sdk-discovery-email")).sendKeys(email);
        driver.findElement(By.id("sdk-discovery-submit")).click();
        awaitStatus("link-sent");

        // The discovery link (the newest mail; two login links came before it).
        String link = h.mail.awaitLinks(email, 3).get(0);
        assertThat(link).startsWith(h.url("/browser-login")).contains("stytch_token_type=discovery");
        driver.get(link);
        awaitStatus("discovered");
        assertThat(driver.findElement(By.id("sdk-discovered")).getText())
                .contains(first.organizationName())
                .contains(second.organizationName());
        screenshot("sdk-discovered");

        driver.findElement(By.cssSelector("button[data-organization='" + second.organizationId() + "']"))
                .click();
        awaitStatus("signed-in");
        String sessionToken = driver.manage().getCookieNamed("stytch_session").getValue();
        AuthenticateSessionResponse checked = h.sdk.sessions()
                .authenticate(Requests.authenticateSessionToken(sessionToken).build());
        assertThat(checked.organization().organizationId()).isEqualTo(second.organizationId());
        assertThat(checked.member().emailAddress()).isEqualTo(email);
        // The intermediate session was spent by the exchange, and the SDK dropped its copy.
        assertThat(driver.manage().getCookieNamed("stytch_intermediate_session_token"))
                .isNull();
    }

    @Test
    void anMfaLoginInTheBrowserEnrolsAnAuthenticatorWithTheIntermediateSession() {
        Organization strict = h.organization(DOMAIN, b -> b.mfaPolicy("REQUIRED_FOR_ALL"));
        String email = ExampleHarness.email(DOMAIN);

        driver.get(h.url("/browser-login"));
        awaitStatus("signed-out");
        driver.findElement(By.id("sdk-email")).sendKeys(email);
        driver.findElement(By.id("sdk-organization-id")).sendKeys(strict.organizationId());
        driver.findElement(By.id("sdk-login-submit")).click();
        awaitStatus("link-sent");
        driver.get(h.mail.awaitLink(email));
        awaitStatus("mfa-required");
        // No session yet: only the intermediate session, which the SDK keeps for the next calls.
        assertThat(driver.manage().getCookieNamed("stytch_session")).isNull();
        assertThat(driver.manage().getCookieNamed("stytch_intermediate_session_token"))
                .isNotNull();

        driver.findElement(By.id("sdk-totp-create")).click();
        awaitStatus("totp-created");
        String secret = text("sdk-totp-secret");
        screenshot("sdk-totp");
        driver.findElement(By.id("sdk-totp-code"))
                .sendKeys(MfaFlow.totp(secret, h.server.clock().instant()));
        driver.findElement(By.id("sdk-totp-submit")).click();
        awaitStatus("signed-in");

        String sessionToken = driver.manage().getCookieNamed("stytch_session").getValue();
        AuthenticateSessionResponse checked = h.sdk.sessions()
                .authenticate(Requests.authenticateSessionToken(sessionToken).build());
        assertThat(checked.organization().organizationId()).isEqualTo(strict.organizationId());
        assertThat(checked.member().emailAddress()).isEqualTo(email);
        assertThat(checked.member().mfaEnrolled()).isTrue();
    }

    private void awaitStatus(String status) {
        try {
            wait.until(ExpectedConditions.textToBe(By.id("sdk-status"), status));
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "SDK status '" + text("sdk-status") + "', error '" + text("sdk-error") + "', waiting for " + status,
                    e);
        }
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getAttribute("textContent").strip();
    }

    private void screenshot(String name) {
        try {
            Path dir = Path.of(System.getProperty("example.screenshot.dir", "target/screenshots"));
            Files.createDirectories(dir);
            Path shot =
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.move(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
