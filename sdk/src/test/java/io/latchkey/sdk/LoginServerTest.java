package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.magiclink.AuthenticateMagicLinkResponse;
import io.latchkey.api.magiclink.InviteResponse;
import io.latchkey.api.magiclink.LoginOrSignupResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.api.session.ExchangeResponse;
import io.latchkey.api.session.MemberSession;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The login flow of the Stytch backend guide, through the SDK against the real server: magic
 * links by email, the token read back from the dev mailbox, sessions by token and by JWT (local
 * and remote), listing, exchange and revocation. The SDK shares the server's test clock.
 */
@Tag("server")
class LoginServerTest {
    @RegisterExtension
    final TestServer server = TestServer.perTest();

    private B2BClient client;
    private Organization org;

    @BeforeEach
    void start() {
        client = B2BClient.builder(server.projectId(), server.secret())
                .baseUrl(server.baseUrl())
                .clock(server.clock())
                .build();
        org = organization("acme.test");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Organization organization(String domain) {
        return client.organizations()
                .create(Requests.createOrganization("Org " + unique("n"))
                        .organizationSlug(unique("org"))
                        .emailAllowedDomains(domain)
                        .emailJitProvisioning("RESTRICTED")
                        .emailInvites("ALL_ALLOWED")
                        .build())
                .organization();
    }

    /** Sends a login link to {@code email} and authenticates it, as a user clicking it would. */
    private AuthenticateMagicLinkResponse logIn(Organization organization, String email) {
        client.magicLinks()
                .email()
                .loginOrSignup(Requests.loginOrSignup(organization.organizationId(), email)
                        .build());
        String token = new LoginFlow(server).awaitToken(email);
        return client.magicLinks()
                .authenticate(Requests.authenticateMagicLink(token)
                        .sessionDurationMinutes(60)
                        .build());
    }

    @Test
    void loginOrSignupThenAuthenticateGivesASession() {
        LoginOrSignupResponse sent = client.magicLinks()
                .email()
                .loginOrSignup(Requests.loginOrSignup(org.organizationId(), "ada@acme.test")
                        .signupRedirectUrl(TestServer.REDIRECT_URL)
                        .build());

        assertThat(sent.memberCreated()).isTrue();
        assertThat(sent.member().status()).isEqualTo("pending");
        String token = new LoginFlow(server).awaitToken("ada@acme.test");

        AuthenticateMagicLinkResponse auth = client.magicLinks()
                .authenticate(Requests.authenticateMagicLink(token)
                        .sessionDurationMinutes(60)
                        .build());

        assertThat(auth.memberAuthenticated()).isTrue();
        assertThat(auth.memberId()).isEqualTo(sent.memberId());
        assertThat(auth.member().status()).isEqualTo("active");
        assertThat(auth.member().emailAddressVerified()).isTrue();
        assertThat(auth.sessionToken()).isNotBlank();
        assertThat(auth.sessionJwt()).isNotBlank();
        assertThat(auth.memberSession().organizationId()).isEqualTo(org.organizationId());

        assertThatThrownBy(() -> client.magicLinks()
                        .authenticate(Requests.authenticateMagicLink(token).build()))
                .isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.errorType()).isEqualTo("unable_to_auth_magic_link");
                });
    }

    @Test
    void inviteThenAuthenticateActivatesTheMember() {
        InviteResponse invited = client.magicLinks()
                .email()
                .invite(Requests.invite(org.organizationId(), "bob@elsewhere.test")
                        .name("Bob")
                        .build());

        assertThat(invited.member().status()).isEqualTo("invited");
        String token = new LoginFlow(server).awaitToken("bob@elsewhere.test");
        AuthenticateMagicLinkResponse auth = client.magicLinks()
                .authenticate(Requests.authenticateMagicLink(token).build());

        assertThat(auth.member().status()).isEqualTo("active");
        assertThat(auth.member().name()).isEqualTo("Bob");
    }

    @Test
    void sessionsAuthenticateByTokenAndByJwtUpdatesCustomClaims() {
        AuthenticateMagicLinkResponse login = logIn(org, "carol@acme.test");

        AuthenticateSessionResponse byToken = client.sessions()
                .authenticate(Requests.authenticateSessionToken(login.sessionToken())
                        .sessionCustomClaims(Map.of("plan", "pro"))
                        .build());
        assertThat(byToken.memberSession().memberSessionId())
                .isEqualTo(login.memberSession().memberSessionId());
        assertThat(byToken.memberSession().customClaims()).containsEntry("plan", "pro");
        assertThat(byToken.member().memberId()).isEqualTo(login.memberId());

        AuthenticateSessionResponse byJwt = client.sessions()
                .authenticate(
                        Requests.authenticateSessionJwt(byToken.sessionJwt()).build());
        assertThat(byJwt.memberSession().memberSessionId())
                .isEqualTo(login.memberSession().memberSessionId());

        // The fresh JWT carries the claim, and local verification reads it back.
        JwtAuthentication local = client.sessions().authenticateJwtLocal(byToken.sessionJwt(), 60);
        assertThat(local.customClaims()).containsEntry("plan", "pro");
    }

    @Test
    void authenticateJwtIsLocalWhileFreshAndRemoteWhenTooOld() {
        AuthenticateMagicLinkResponse login = logIn(org, "dan@acme.test");

        JwtAuthentication local = client.sessions().authenticateJwt(login.sessionJwt(), 60);
        assertThat(local.verification()).isEqualTo(JwtAuthentication.Verification.LOCAL);
        assertThat(local.memberSession().memberSessionId())
                .isEqualTo(login.memberSession().memberSessionId());
        assertThat(local.memberSession().memberId()).isEqualTo(login.memberId());
        assertThat(local.memberSession().authenticationFactors()).isNotEmpty();

        server.clock().advance(Duration.ofSeconds(120));
        JwtAuthentication remote = client.sessions().authenticateJwt(login.sessionJwt(), 60);
        assertThat(remote.verification()).isEqualTo(JwtAuthentication.Verification.REMOTE);
        assertThat(remote.memberSession().memberSessionId())
                .isEqualTo(login.memberSession().memberSessionId());
        assertThat(remote.sessionJwt()).isNotEqualTo(login.sessionJwt());
        assertThat(client.sessions().authenticateJwt(remote.sessionJwt(), 60).verifiedLocally())
                .isTrue();

        // Past the JWT's own expiry the session is still alive, so the server still vouches for it.
        server.clock().advance(Duration.ofMinutes(10));
        assertThat(client.sessions().authenticateJwt(login.sessionJwt(), null).verification())
                .isEqualTo(JwtAuthentication.Verification.REMOTE);
    }

    @Test
    void getListsTheMembersSessionsAndRevokeEndsThem() {
        AuthenticateMagicLinkResponse first = logIn(org, "eve@acme.test");
        AuthenticateMagicLinkResponse second = logIn(org, "eve@acme.test");

        assertThat(client.sessions().get(org.organizationId(), first.memberId()).memberSessions())
                .extracting(MemberSession::memberSessionId)
                .containsExactlyInAnyOrder(
                        first.memberSession().memberSessionId(),
                        second.memberSession().memberSessionId());

        client.sessions().revoke(Requests.revokeSessionToken(first.sessionToken()));

        assertThatThrownBy(() -> client.sessions()
                        .authenticate(Requests.authenticateSessionToken(first.sessionToken())
                                .build()))
                .isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorType()).isEqualTo("session_not_found");
                });
        // A JWT already issued keeps passing local checks until it expires; max age bounds that.
        assertThat(client.sessions().authenticateJwtLocal(first.sessionJwt()).verifiedLocally())
                .isTrue();
        assertThatThrownBy(() -> client.sessions().authenticateJwt(first.sessionJwt(), 0))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("session_not_found"));

        client.sessions().revoke(Requests.revokeAllSessionsOf(second.memberId()));
        assertThat(client.sessions()
                        .get(org.organizationId(), second.memberId())
                        .memberSessions())
                .isEmpty();
    }

    @Test
    void revokeByMemberSessionIdAndByJwt() {
        AuthenticateMagicLinkResponse a = logIn(org, "fay@acme.test");
        AuthenticateMagicLinkResponse b = logIn(org, "fay@acme.test");

        client.sessions().revoke(Requests.revokeMemberSession(a.memberSession().memberSessionId()));
        client.sessions().revoke(Requests.revokeSessionJwt(b.sessionJwt()));

        assertThat(client.sessions().get(org.organizationId(), a.memberId()).memberSessions())
                .isEmpty();
    }

    @Test
    void exchangeMovesTheSessionToAnotherOrganizationOfTheSameEmail() {
        Organization other = organization("acme.test");
        client.magicLinks()
                .email()
                .invite(Requests.invite(other.organizationId(), "gus@acme.test").build());
        AuthenticateMagicLinkResponse login = logIn(org, "gus@acme.test");

        ExchangeResponse exchanged = client.sessions()
                .exchange(Requests.exchangeSession(other.organizationId())
                        .sessionToken(login.sessionToken())
                        .build());

        assertThat(exchanged.memberAuthenticated()).isTrue();
        assertThat(exchanged.organization().organizationId()).isEqualTo(other.organizationId());
        assertThat(exchanged.memberSession().organizationId()).isEqualTo(other.organizationId());
        assertThat(client.sessions()
                        .authenticateJwtLocal(exchanged.sessionJwt())
                        .memberSession()
                        .organizationId())
                .isEqualTo(other.organizationId());
    }

    @Test
    void asyncVariantsOfTheLoginFlow() {
        var sent = client.magicLinks()
                .email()
                .loginOrSignupAsync(Requests.loginOrSignup(org.organizationId(), "hal@acme.test")
                        .build())
                .join();
        String token = new LoginFlow(server).awaitToken("hal@acme.test");
        var auth = client.magicLinks()
                .authenticateAsync(Requests.authenticateMagicLink(token).build())
                .join();
        assertThat(auth.memberId()).isEqualTo(sent.memberId());

        var sessions = client.sessions();
        assertThat(sessions.authenticateAsync(Requests.authenticateSessionToken(auth.sessionToken())
                                .build())
                        .join()
                        .memberSession()
                        .memberId())
                .isEqualTo(auth.memberId());
        assertThat(sessions.getAsync(org.organizationId(), auth.memberId())
                        .join()
                        .memberSessions())
                .hasSize(1);
        assertThat(sessions.jwksAsync().join().keys()).isNotEmpty();
        Organization other = organization("acme.test");
        client.magicLinks()
                .email()
                .inviteAsync(
                        Requests.invite(other.organizationId(), "hal@acme.test").build())
                .join();
        assertThat(sessions.exchangeAsync(Requests.exchangeSession(other.organizationId())
                                .sessionToken(auth.sessionToken())
                                .build())
                        .join()
                        .memberAuthenticated())
                .isTrue();
        sessions.revokeAsync(Requests.revokeSessionToken(auth.sessionToken())).join();
        assertThat(sessions.getAsync(org.organizationId(), auth.memberId())
                        .join()
                        .memberSessions())
                .isEmpty();
    }
}
