package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.password.DiscoveryAuthenticateRequest;
import io.latchkey.api.password.DiscoveryLoginResponse;
import io.latchkey.api.password.DiscoveryResetRequest;
import io.latchkey.api.password.DiscoveryResetStartRequest;
import io.latchkey.api.password.MigrateRequest;
import io.latchkey.api.password.MigrateResponse;
import io.latchkey.api.password.PasswordLoginResponse;
import io.latchkey.api.password.RequireResetRequest;
import io.latchkey.api.password.ResetStartResponse;
import io.latchkey.api.password.StrengthCheckRequest;
import io.latchkey.api.password.StrengthCheckResponse;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code passwords()} against the real server: a reset link read from the dev mailbox, login,
 * changes by the old password and from a session, an import, a required reset, and the discovery
 * calls; refusals surface as {@link LatchkeyApiException} with the server's error type.
 */
@Tag("server")
class PasswordsServerTest {
    static final String GOOD = "Correct-Horse-9";
    static final String OTHER = "Battery-Staple-7";

    @RegisterExtension
    final TestServer server = TestServer.perTest();

    private B2BClient client;
    private LoginFlow mail;
    private Organization org;

    @BeforeEach
    void start() {
        mail = new LoginFlow(server);
        client = B2BClient.builder(server.projectId(), server.secret())
                .baseUrl(server.baseUrl())
                .clock(server.clock())
                .build();
        org = client.organizations()
                .create(Requests.createOrganization("Org " + unique("n"))
                        .organizationSlug(unique("org"))
                        .emailAllowedDomains("acme.test")
                        .emailJitProvisioning("RESTRICTED")
                        .build())
                .organization();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A member signed up by magic link, whose password is then set through the emailed reset link. */
    private PasswordLoginResponse memberWithPassword(String email, String password) {
        client.magicLinks()
                .email()
                .loginOrSignup(
                        Requests.loginOrSignup(org.organizationId(), email).build());
        String magicToken = mail.awaitToken(email);
        client.magicLinks()
                .authenticate(Requests.authenticateMagicLink(magicToken).build());
        ResetStartResponse started =
                client.passwords().email().resetStart(Requests.passwordResetStart(org.organizationId(), email));
        assertThat(started.memberEmailId()).startsWith("email-test-");
        String token = newerToken(email, magicToken, 2);
        return client.passwords().email().reset(Requests.passwordReset(token, password));
    }

    /**
     * The token of the newest link mailed to {@code email} once it has received {@code total}
     * links, the one before it being {@code previous}.
     */
    private String newerToken(String email, String previous, int total) {
        List<String> links = mail.awaitLinks(email, total);
        assertThat(LoginFlow.tokenOf(links.get(1))).isEqualTo(previous);
        return LoginFlow.tokenOf(links.get(0));
    }

    private static LatchkeyApiException refused(Runnable call) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LatchkeyApiException.class, e -> thrown[0] = e);
        return (LatchkeyApiException) thrown[0];
    }

    @Test
    void aResetLinkSetsThePasswordThenLoginAndBothChangesWork() {
        String email = unique("ada") + "@acme.test";
        PasswordLoginResponse reset = memberWithPassword(email, GOOD);
        assertThat(reset.memberAuthenticated()).isTrue();
        assertThat(reset.member().memberPasswordId()).startsWith("member-password-test-");
        assertThat(reset.sessionToken()).isNotBlank();

        PasswordLoginResponse login =
                client.passwords().authenticate(Requests.passwordAuthenticate(org.organizationId(), email, GOOD));
        assertThat(login.memberAuthenticated()).isTrue();
        assertThat(login.memberSession().authenticationFactors().get(0).type()).isEqualTo("password");

        LatchkeyApiException wrong = refused(() ->
                client.passwords().authenticate(Requests.passwordAuthenticate(org.organizationId(), email, OTHER)));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.errorType()).isEqualTo("unauthorized_credentials");

        PasswordLoginResponse changed = client.passwords()
                .resetWithExistingPassword(Requests.passwordExistingReset(org.organizationId(), email, GOOD, OTHER));
        assertThat(changed.memberAuthenticated()).isTrue();
        PasswordLoginResponse fromSession = client.passwords()
                .resetWithSession(Requests.passwordSessionReset(org.organizationId(), changed.sessionToken(), GOOD));
        assertThat(fromSession.memberAuthenticated()).isTrue();
        assertThat(client.passwords()
                        .authenticate(Requests.passwordAuthenticate(org.organizationId(), email, GOOD))
                        .memberAuthenticated())
                .isTrue();

        LatchkeyApiException weak = refused(() -> client.passwords()
                .resetWithSession(Requests.passwordSessionReset(org.organizationId(), changed.sessionToken(), "weak")));
        assertThat(weak.errorType()).isEqualTo("weak_password");
    }

    @Test
    void strengthCheckMigrateAndRequireReset() throws Exception {
        StrengthCheckResponse weak = client.passwords().strengthCheck(new StrengthCheckRequest("abc", null));
        assertThat(weak.validPassword()).isFalse();
        assertThat(weak.ludsFeedback().missingCharacters()).isEqualTo(5);

        String email = unique("imported") + "@acme.test";
        String digest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(GOOD.getBytes(StandardCharsets.UTF_8)));
        MigrateResponse migrated = client.passwords()
                .migrate(new MigrateRequest(
                        email,
                        digest,
                        "sha_1",
                        org.organizationId(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "Imported",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
        assertThat(migrated.memberCreated()).isTrue();
        assertThat(migrated.member().name()).isEqualTo("Imported");
        assertThat(client.passwords()
                        .authenticate(Requests.passwordAuthenticate(org.organizationId(), email, GOOD))
                        .memberAuthenticated())
                .isTrue();

        client.passwords().email().requireReset(new RequireResetRequest(email, org.organizationId(), null));
        LatchkeyApiException required = refused(() ->
                client.passwords().authenticate(Requests.passwordAuthenticate(org.organizationId(), email, GOOD)));
        assertThat(required.errorType()).isEqualTo("reset_password");
    }

    @Test
    void discoveryResetThenAuthenticateListsTheOrganizations() {
        String email = unique("disco") + "@acme.test";
        memberWithPassword(email, GOOD);
        String previous = mail.awaitToken(email);
        client.passwords()
                .discovery()
                .resetStart(new DiscoveryResetStartRequest(email, null, null, null, null, null, null, null));
        String token = newerToken(email, previous, 3);
        DiscoveryLoginResponse reset =
                client.passwords().discovery().reset(new DiscoveryResetRequest(token, OTHER, null));
        assertThat(reset.intermediateSessionToken()).isNotBlank();
        DiscoveryLoginResponse login =
                client.passwords().discovery().authenticate(new DiscoveryAuthenticateRequest(email, OTHER));
        assertThat(login.emailAddress()).isEqualTo(email);
        assertThat(login.discoveredOrganizations())
                .extracting(d -> d.organization().organizationId())
                .containsExactly(org.organizationId());
        LatchkeyApiException wrong = refused(
                () -> client.passwords().discovery().authenticate(new DiscoveryAuthenticateRequest(email, GOOD)));
        assertThat(wrong.errorType()).isEqualTo("unauthorized_credentials");
    }
}
