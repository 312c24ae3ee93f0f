package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.magiclinks.AuthenticateResponse;
import com.stytch.java.b2b.models.magiclinksemail.LoginOrSignupRequest;
import com.stytch.java.b2b.models.magiclinksemail.LoginOrSignupResponse;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.sessions.MemberSession;
import com.stytch.java.consumer.models.sessions.AuthenticationFactor;
import com.stytch.java.consumer.models.sessions.AuthenticationFactorDeliveryMethod;
import com.stytch.java.consumer.models.sessions.AuthenticationFactorType;
import io.latchkey.server.testing.TestServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * What tests of mailed magic links share: where the mail arrives (subclasses say: dev mailbox or
 * SMTP), reading a link's token from it, signing an email up through the official Java SDK,
 * verifying session JWTs locally, and a server clock that shows the real time (the SDKs check JWT
 * times against it).
 */
abstract class JavaSdkMagicLinkTestBase extends JavaSdkTestBase {
    /** The default login/sign-up redirect URL of the test project. */
    static final String LINK_PREFIX = TestServer.REDIRECT_URL + "?stytch_token_type=multi_tenant_magic_links&token=";

    /** Where this class's server delivers mail. */
    protected abstract Mailbox mailbox();

    protected ServerMetrics metrics;

    /**
     * The test server's clock stands still unless moved; the SDKs check JWT times against the real
     * clock. Each test starts with the two agreeing, so JWTs minted now are valid now.
     */
    @BeforeEach
    void serverClockShowsTheRealTime() {
        server.clock().set(Instant.now());
        metrics = new ServerMetrics(server.baseUrl());
    }

    /** An organization where anyone with an email in {@code domain} may sign up (JIT) or be invited. */
    protected Organization organizationAllowing(String domain) {
        return createOrganization(Requests.organizationCreate(Unique.name("Org"))
                .slug(Unique.slug("org"))
                .emailAllowedDomains(List.of(domain))
                .emailJitProvisioning("RESTRICTED")
                .emailInvites("ALL_ALLOWED"));
    }

    protected LoginOrSignupResponse loginOrSignup(StytchB2BClient client, String organizationId, String email) {
        LoginOrSignupResponse sent = ok(client.getMagicLinks()
                .getEmail()
                .loginOrSignupCompletable(new LoginOrSignupRequest(organizationId, email)));
        assertThat(sent.getStatusCode()).isEqualTo(200);
        return sent;
    }

    /** The token of the newest magic link mailed to {@code email}, checking the link's shape. */
    protected String awaitToken(String email) {
        return tokenOf(mailbox().awaitLink(email));
    }

    static String tokenOf(String link) {
        assertThat(link).startsWith(LINK_PREFIX);
        assertThat(Mailbox.queryParam(link, "stytch_token_type")).isEqualTo("multi_tenant_magic_links");
        String token = Mailbox.queryParam(link, "token");
        assertThat(token).matches("[A-Za-z0-9_-]{43,}");
        return token;
    }

    /** {@code magicLinks.authenticate} as the seed guide calls it: the token and a 60-minute session. */
    protected static AuthenticateResponse authenticate(StytchB2BClient client, String token) {
        return ok(client.getMagicLinks()
                .authenticateCompletable(
                        new com.stytch.java.b2b.models.magiclinks.AuthenticateRequest(token, null, null, null, 60)));
    }

    /** Signs a new email up to an organization allowing its domain; returns the authenticate answer. */
    protected AuthenticateResponse signUp(StytchB2BClient client, String organizationId, String email) {
        loginOrSignup(client, organizationId, email);
        AuthenticateResponse response = authenticate(client, awaitToken(email));
        assertThat(response.getMemberAuthenticated()).isTrue();
        return response;
    }

    protected static MemberSession verifyLocally(StytchB2BClient client, String jwt) {
        return ok(client.getSessions().authenticateJwtLocalCompletable(jwt, null, null, 0));
    }

    static void assertIsTheMagicLinkFactor(List<AuthenticationFactor> factors, String email) {
        assertThat(factors).hasSize(1);
        AuthenticationFactor factor = factors.get(0);
        assertThat(factor.getType()).isEqualTo(AuthenticationFactorType.MAGIC_LINK);
        assertThat(factor.getDeliveryMethod()).isEqualTo(AuthenticationFactorDeliveryMethod.EMAIL);
        assertThat(factor.getEmailFactor()).isNotNull();
        assertThat(factor.getEmailFactor().getEmailAddress()).isEqualTo(email);
        assertThat(factor.getEmailFactor().getEmailId()).isNotBlank();
    }
}
