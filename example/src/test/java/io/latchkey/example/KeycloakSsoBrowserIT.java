package io.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.SSORegistration;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.sso.CreateExternalConnectionRequest;
import io.latchkey.api.sso.CreateOIDCConnectionRequest;
import io.latchkey.api.sso.CreateSAMLConnectionRequest;
import io.latchkey.api.sso.SAMLConnection;
import io.latchkey.api.sso.UpdateOIDCConnectionRequest;
import io.latchkey.api.sso.UpdateSAMLConnectionRequest;
import io.latchkey.sdk.request.Requests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * Enterprise SSO end to end with a real identity provider, as a person does it in headless
 * Chromium: the example's login page, "Sign in with SSO", Latchkey's {@code /v1/public/sso/start},
 * Keycloak's own login page (user name and password typed in), Keycloak's answer to Latchkey's
 * callback or SAML ACS, the example's {@code /authenticate}, the dashboard; over OIDC, over SAML
 * (HTTP-Redirect AuthnRequest, HTTP-POST signed response), and through an external connection (a
 * subsidiary using its parent's connection). Screenshots of each page land in
 * {@code target/screenshots/keycloak-*.png}.
 *
 * <p>Run by the {@code keycloak} Maven profile only ({@code mvn -Pkeycloak -pl example -am
 * verify}), which unpacks Keycloak's distribution; Keycloak takes minutes to start on a busy
 * machine, so it is started once for the class and stopped after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakSsoBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String REALM = "latchkey-e2e";
    private static final String OIDC_CLIENT = "latchkey-oidc";
    private static final String USER = "ada";
    private static final String EMAIL = "ada@keycloak.test";

    private final String oidcSecret = java.util.UUID.randomUUID().toString();
    private final String password = "Pw-" + java.util.UUID.randomUUID();
    private Keycloak keycloak;
    private ExampleHarness h;
    private ChromeDriverService service;
    private WebDriver driver;
    private WebDriverWait wait;
    private Path profileDir;

    @BeforeAll
    void startKeycloakAndLatchkey() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("needs Debian's chromium and chromium-driver (.ci/run installs them)")
                .isTrue();
        // The profile names the unpacked distribution, target/keycloak/keycloak-<version>.
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/missing"))
                .toAbsolutePath();
        keycloak = Keycloak.start(home, home.getParent().resolveSibling("keycloak.log"));
        h = ExampleHarness.startReachable();
        keycloak.createRealm(realm());
    }

    @AfterAll
    void stopAll() {
        try {
            if (h != null) {
                h.close();
            }
        } finally {
            if (keycloak != null) {
                keycloak.close();
            }
        }
    }

    /**
     * The realm: one person, and Latchkey as an OIDC client allowed back to its SSO callback (its
     * SAML client is added per connection, whose entity id and ACS URL Latchkey chooses).
     */
    private Map<String, Object> realm() {
        return Map.of(
                "realm",
                REALM,
                "enabled",
                true,
                "users",
                List.of(Map.of(
                        "username",
                        USER,
                        "email",
                        EMAIL,
                        "emailVerified",
                        true,
                        "firstName",
                        "Ada",
                        "lastName",
                        "Lovelace",
                        "enabled",
                        true,
                        "credentials",
                        List.of(Map.of("type", "password", "value", password, "temporary", false)))),
                "clients",
                List.of(Map.of(
                        "clientId",
                        OIDC_CLIENT,
                        "protocol",
                        "openid-connect",
                        "publicClient",
                        false,
                        "secret",
                        oidcSecret,
                        "standardFlowEnabled",
                        true,
                        "redirectUris",
                        List.of(h.server.baseUrl() + "/v1/b2b/sso/callback/*"))));
    }

    @BeforeEach
    void openBrowser() throws IOException {
        profileDir = Files.createTempDirectory("keycloak-chromium-");
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
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profileDir,
                "--window-size=1280,900");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        // Keycloak's first pages are slow while its JVM warms up.
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        deleteQuietly(profileDir);
    }

    @Test
    void aMemberSignsInThroughKeycloakOverOidc() {
        Organization org = organizationWithSso();
        String connectionId = oidcConnection(org);

        signInThroughKeycloak(org, "keycloak-oidc");

        assertThat(registrations(org)).containsExactly(connectionId);
    }

    @Test
    void aMemberSignsInThroughKeycloakOverSaml() throws Exception {
        Organization org = organizationWithSso();
        SAMLConnection pending = h.sdk.sso()
                .saml()
                .createConnection(org.organizationId(), new CreateSAMLConnectionRequest("Keycloak (SAML)", "keycloak"))
                .connection();
        assertThat(pending.status()).isEqualTo("pending");
        // Keycloak learns Latchkey as a SAML client: its entity id, and where assertions are posted.
        keycloak.createClient(REALM, samlClient(pending.audienceUri(), pending.acsUrl()));
        String realm = keycloak.realmUrl(REALM);
        SAMLConnection active = h.sdk.sso()
                .saml()
                .updateConnection(
                        org.organizationId(),
                        pending.connectionId(),
                        new UpdateSAMLConnectionRequest(
                                realm,
                                null,
                                Map.of("email", "email", "first_name", "first_name", "last_name", "last_name"),
                                keycloak.samlSigningCertificate(REALM),
                                realm + "/protocol/saml",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))
                .connection();
        assertThat(active.status()).isEqualTo("active");

        signInThroughKeycloak(org, "keycloak-saml");

        assertThat(registrations(org)).containsExactly(pending.connectionId());
        SSORegistration registration = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), EMAIL)
                .member()
                .ssoRegistrations()
                .get(0);
        assertThat(registration.ssoAttributes())
                .as("the names Keycloak asserted, read through the attribute mapping")
                .containsEntry("first_name", "Ada")
                .containsEntry("last_name", "Lovelace");
    }

    /**
     * Latchkey as a SAML client of the realm: signed responses and assertions (RSA-SHA256), the
     * email as NameID, and the user's email and names as attributes. Latchkey's AuthnRequests are
     * signed too, but Keycloak is not given its certificate, so it does not ask for that.
     */
    private static Map<String, Object> samlClient(String entityId, String acsUrl) {
        return Map.of(
                "clientId",
                entityId,
                "protocol",
                "saml",
                "enabled",
                true,
                "redirectUris",
                List.of(acsUrl),
                "attributes",
                Map.of(
                        "saml_assertion_consumer_url_post",
                        acsUrl,
                        "saml.authnstatement",
                        "true",
                        "saml.server.signature",
                        "true",
                        "saml.assertion.signature",
                        "true",
                        "saml.signature.algorithm",
                        "RSA_SHA256",
                        "saml.client.signature",
                        "false",
                        "saml.force.post.binding",
                        "true",
                        "saml_force_name_id_format",
                        "true",
                        "saml_name_id_format",
                        "email"),
                "protocolMappers",
                List.of(
                        attribute("email", "email"),
                        attribute("firstName", "first_name"),
                        attribute("lastName", "last_name")));
    }

    private static Map<String, Object> attribute(String userProperty, String attributeName) {
        return Map.of(
                "name",
                attributeName,
                "protocol",
                "saml",
                "protocolMapper",
                "saml-user-property-mapper",
                "config",
                Map.of(
                        "user.attribute",
                        userProperty,
                        "attribute.name",
                        attributeName,
                        "attribute.nameformat",
                        "Basic"));
    }

    @Test
    void aSubsidiarySignsInThroughItsParentsKeycloakConnection() {
        Organization parent = organizationWithSso();
        String source = oidcConnection(parent);
        Organization child = organizationWithSso();
        String external = h.sdk.sso()
                .external()
                .createConnection(
                        child.organizationId(),
                        new CreateExternalConnectionRequest(
                                parent.organizationId(), source, "Parent's Keycloak", null, null))
                .connection()
                .connectionId();

        signInThroughKeycloak(child, "keycloak-external");

        assertThat(registrations(child)).containsExactly(external);
    }

    /** The ids of the connections the member has signed in through. */
    private List<String> registrations(Organization org) {
        Member member = h.sdk.organizations()
                .members()
                .getByEmail(org.organizationId(), EMAIL)
                .member();
        return member.ssoRegistrations().stream()
                .map(SSORegistration::connectionId)
                .toList();
    }

    /** An active OIDC connection of {@code org} to the realm. */
    private String oidcConnection(Organization org) {
        String connectionId = h.sdk.sso()
                .oidc()
                .createConnection(org.organizationId(), new CreateOIDCConnectionRequest("Keycloak (OIDC)", "keycloak"))
                .connection()
                .connectionId();
        String issuer = keycloak.realmUrl(REALM);
        String status = h.sdk.sso()
                .oidc()
                .updateConnection(
                        org.organizationId(),
                        connectionId,
                        new UpdateOIDCConnectionRequest(
                                null,
                                OIDC_CLIENT,
                                oidcSecret,
                                issuer,
                                issuer + "/protocol/openid-connect/auth",
                                issuer + "/protocol/openid-connect/token",
                                issuer + "/protocol/openid-connect/userinfo",
                                issuer + "/protocol/openid-connect/certs",
                                null,
                                null,
                                null))
                .connection()
                .status();
        assertThat(status).isEqualTo("active");
        return connectionId;
    }

    /** An organization whose members may join through SSO. */
    private Organization organizationWithSso() {
        Organization org = h.organization("keycloak.test");
        return h.sdk.organizations()
                .update(
                        org.organizationId(),
                        Requests.updateOrganization()
                                .ssoJitProvisioning("ALL_ALLOWED")
                                .build())
                .organization();
    }

    /** The example's login page to its dashboard, through Keycloak's login form. */
    private void signInThroughKeycloak(Organization org, String shots) {
        driver.get(h.url("/"));
        By ssoButton = By.id("sso-" + org.organizationSlug());
        wait.until(ExpectedConditions.elementToBeClickable(ssoButton));
        screenshot(shots + "-1-login");
        driver.findElement(ssoButton).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(driver.getCurrentUrl()).startsWith(keycloak.realmUrl(REALM));
        screenshot(shots + "-2-keycloak");
        driver.findElement(By.id("username")).sendKeys(USER);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();

        wait.until(ExpectedConditions.urlToBe(h.url("/dashboard")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), EMAIL));
        screenshot(shots + "-3-dashboard");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains(EMAIL);
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
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
