package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkRequest;
import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkResponse;
import io.latchkey.api.discovery.DiscoveredOrganization;
import io.latchkey.api.discovery.ExchangeIntermediateSessionRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsRequest;
import io.latchkey.api.discovery.SendDiscoveryEmailRequest;
import io.latchkey.api.magiclink.AuthenticateMagicLinkResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.otp.SmsAuthenticateRequest;
import io.latchkey.api.otp.SmsAuthenticateResponse;
import io.latchkey.api.otp.SmsSendRequest;
import io.latchkey.api.session.ExchangeResponse;
import io.latchkey.api.totp.AuthenticateTotpRequest;
import io.latchkey.api.totp.AuthenticateTotpResponse;
import io.latchkey.api.totp.CreateTotpRequest;
import io.latchkey.api.totp.CreateTotpResponse;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The second-factor and discovery calls against the real server: SMS codes read back from the
 * dev mailbox, TOTP codes computed from the returned secret on the server's test clock, and a
 * discovery link across two organizations.
 */
@Tag("server")
class MfaDiscoveryServerTest {
    @RegisterExtension
    final TestServer server = TestServer.perTest();

    private B2BClient client;
    private MfaFlow mfa;

    @BeforeEach
    void start() {
        client = B2BClient.builder(server.projectId(), server.secret())
                .baseUrl(server.baseUrl())
                .clock(server.clock())
                .build();
        mfa = new MfaFlow(server);
    }

    private Organization organization(String domain, String mfaPolicy) {
        return client.organizations()
                .create(Requests.createOrganization("Org " + unique("n"))
                        .organizationSlug(unique("org"))
                        .emailAllowedDomains(domain)
                        .emailJitProvisioning("RESTRICTED")
                        .mfaPolicy(mfaPolicy)
                        .build())
                .organization();
    }

    private AuthenticateMagicLinkResponse magicLink(Organization org, String email) {
        client.magicLinks()
                .email()
                .loginOrSignup(
                        Requests.loginOrSignup(org.organizationId(), email).build());
        String token = new LoginFlow(server).awaitToken(email);
        return client.magicLinks()
                .authenticate(Requests.authenticateMagicLink(token)
                        .sessionDurationMinutes(60)
                        .build());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void smsCodeCompletesAnMfaLogin() {
        Organization org = organization("acme.test", "REQUIRED_FOR_ALL");
        AuthenticateMagicLinkResponse first = magicLink(org, "ada@acme.test");
        assertThat(first.memberAuthenticated()).isFalse();
        String phone = MfaFlow.uniquePhone();

        var sent = client.otps()
                .sms()
                .send(new SmsSendRequest(
                        org.organizationId(),
                        first.memberId(),
                        phone,
                        null,
                        first.intermediateSessionToken(),
                        null,
                        null));
        assertThat(sent.member().mfaPhoneNumber()).isEqualTo(phone);

        String ist = first.intermediateSessionToken();
        assertThatThrownBy(() -> client.otps().sms().authenticate(smsAuth(org, first.memberId(), "000000", ist)))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("otp_code_not_found"));
        SmsAuthenticateResponse done = client.otps()
                .sms()
                .authenticateAsync(smsAuth(org, first.memberId(), mfa.awaitSmsCode(phone), ist))
                .join();
        assertThat(done.sessionToken()).isNotBlank();
        assertThat(done.memberSession().organizationId()).isEqualTo(org.organizationId());
    }

    private static SmsAuthenticateRequest smsAuth(Organization org, String memberId, String code, String ist) {
        return new SmsAuthenticateRequest(
                org.organizationId(), memberId, code, ist, null, null, 60, null, null, null, null);
    }

    @Test
    void totpRegistrationCompletesAnMfaLogin() {
        Organization org = organization("acme.test", "REQUIRED_FOR_ALL");
        AuthenticateMagicLinkResponse first = magicLink(org, "bob@acme.test");

        CreateTotpResponse created = client.totps()
                .create(new CreateTotpRequest(
                        org.organizationId(), first.memberId(), null, first.intermediateSessionToken(), null, null));
        assertThat(created.qrCode()).startsWith("data:image/png;base64,");
        assertThat(created.secret()).isNotBlank();

        String code = MfaFlow.totp(created.secret(), server.clock().instant());
        AuthenticateTotpResponse done = client.totps()
                .authenticate(new AuthenticateTotpRequest(
                        org.organizationId(),
                        first.memberId(),
                        code,
                        first.intermediateSessionToken(),
                        null,
                        null,
                        60,
                        null,
                        null,
                        null,
                        null));
        assertThat(done.sessionJwt()).isNotBlank();
        assertThat(done.member().totpRegistrationId()).isEqualTo(created.totpRegistrationId());
    }

    @Test
    void discoveryListsBothOrganizationsAndExchangesIntoOne() {
        Organization a = organization("acme.test", "OPTIONAL");
        Organization b = organization("acme.test", "OPTIONAL");
        magicLink(a, "cy@acme.test");
        magicLink(b, "cy@acme.test");

        client.magicLinks()
                .email()
                .discoverySend(new SendDiscoveryEmailRequest(
                        "cy@acme.test", "http://localhost:3000/discovery", null, null, null, null));
        String token = new LoginFlow(server).awaitToken("cy@acme.test");
        AuthenticateDiscoveryMagicLinkResponse found =
                client.magicLinks().authenticateDiscovery(new AuthenticateDiscoveryMagicLinkRequest(token, null));
        assertThat(found.discoveredOrganizations())
                .extracting(d -> d.organization().organizationId())
                .contains(a.organizationId(), b.organizationId());

        var listed = client.discovery()
                .listOrganizations(
                        new ListDiscoveredOrganizationsRequest(found.intermediateSessionToken(), null, null));
        assertThat(listed.discoveredOrganizations())
                .extracting(DiscoveredOrganization::memberAuthenticated)
                .containsOnly(true);

        ExchangeResponse in = client.discovery()
                .exchangeIntermediateSession(new ExchangeIntermediateSessionRequest(
                        found.intermediateSessionToken(), b.organizationId(), 60, null, null, null));
        assertThat(in.memberAuthenticated()).isTrue();
        assertThat(in.organization().organizationId()).isEqualTo(b.organizationId());
        assertThat(in.sessionToken()).isNotBlank();
    }
}
