package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.magiclinks.AuthenticateResponse;
import com.stytch.java.b2b.models.magiclinksemail.InviteRequest;
import com.stytch.java.b2b.models.magiclinksemail.InviteRequestOptions;
import com.stytch.java.b2b.models.magiclinksemail.InviteResponse;
import com.stytch.java.b2b.models.magiclinksemail.LoginOrSignupRequest;
import com.stytch.java.b2b.models.magiclinksemail.LoginOrSignupResponse;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.organizationsmembers.GetRequest;
import com.stytch.java.b2b.models.sessions.ExchangeRequest;
import com.stytch.java.b2b.models.sessions.ExchangeResponse;
import com.stytch.java.b2b.models.sessions.GetJWKSRequest;
import com.stytch.java.b2b.models.sessions.GetResponse;
import com.stytch.java.b2b.models.sessions.MemberSession;
import com.stytch.java.b2b.models.sessions.RevokeRequest;
import com.stytch.java.b2b.models.sessions.RevokeRequestOptions;
import com.stytch.java.common.StytchException;
import com.stytch.java.common.StytchResult;
import com.stytch.java.consumer.models.sessions.JWK;
import io.latchkey.server.project.NewProject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Magic links, sessions, session JWTs and the JWKS through the official Java SDK, against a
 * dev-mode server whose mail is read from its dev mailbox. The seed flow itself is inherited.
 */
class JavaSdkLoginFlowConformanceTest extends JavaSdkLoginFlowTestBase {
    private static final Pattern KID = Pattern.compile("\"kid\"\\s*:\\s*\"([^\"]+)\"");

    @Override
    protected Mailbox mailbox() {
        return Mailbox.devMailbox(server.baseUrl());
    }

    @Test
    void aLoginOfAnActiveMemberSendsALoginLinkAndCreatesNoMember() {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        String email = Unique.emailIn(domain);
        AuthenticateResponse first = signUp(stytch, org.getOrganizationId(), email);

        LoginOrSignupResponse again = ok(stytch.getMagicLinks()
                .getEmail()
                .loginOrSignupCompletable(
                        new LoginOrSignupRequest(org.getOrganizationId(), email, "http://localhost:4000/welcome")));
        assertThat(again.getMemberCreated()).isFalse();
        assertThat(again.getMemberId()).isEqualTo(first.getMemberId());
        assertThat(again.getMember().getStatus()).isEqualTo("active");
        assertThat(mailbox().awaitMessages(email, 2).get(0).subject()).startsWith("Log in to ");
        String link = mailbox().awaitLink(email, 2);
        assertThat(link).startsWith("http://localhost:4000/welcome?stytch_token_type=multi_tenant_magic_links&token=");

        AuthenticateResponse second = authenticate(stytch, Mailbox.queryParam(link, "token"));
        assertThat(second.getMemberId()).isEqualTo(first.getMemberId());
        assertThat(second.getMemberSession().getMemberSessionId())
                .isNotEqualTo(first.getMemberSession().getMemberSessionId());
    }

    @Test
    void anInviteMailsALinkThatActivatesTheInvitedMember() {
        Organization org = createOrganization(Requests.organizationCreate(Unique.name("Org"))
                .slug(Unique.slug("org"))
                .emailInvites("ALL_ALLOWED"));
        String email = Unique.email("invitee");

        InviteResponse invited = ok(stytch.getMagicLinks()
                .getEmail()
                .inviteCompletable(new InviteRequest(org.getOrganizationId(), email), new InviteRequestOptions()));
        assertThat(invited.getStatusCode()).isEqualTo(200);
        assertThat(invited.getMember().getStatus()).isEqualTo("invited");
        assertThat(invited.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(invited.getOrganization().getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(mailbox().awaitMessages(email, 1).get(0).subject()).startsWith("You have been invited to ");

        AuthenticateResponse auth = authenticate(stytch, awaitToken(email));
        assertThat(auth.getMemberAuthenticated()).isTrue();
        assertThat(auth.getMemberId()).isEqualTo(invited.getMemberId());
        assertThat(auth.getMember().getStatus()).isEqualTo("active");
        assertThat(auth.getMember().getEmailAddressVerified()).isTrue();
        assertThat(verifyLocally(stytch, auth.getSessionJWT()).getMemberId()).isEqualTo(invited.getMemberId());
        assertThat(ok(stytch.getOrganizations()
                                .getMembers()
                                .getCompletable(new GetRequest(org.getOrganizationId(), invited.getMemberId())))
                        .getMember()
                        .getStatus())
                .isEqualTo("active");
    }

    @Test
    void aNewEmailIsRefusedWhenTheOrganizationDoesNotAllowJitProvisioning() {
        String domain = Unique.domain();
        Organization org = createOrganization(Requests.organizationCreate(Unique.name("Org"))
                .slug(Unique.slug("org"))
                .emailAllowedDomains(List.of(domain))
                .emailJitProvisioning("NOT_ALLOWED"));

        assertApiError(
                stytch.getMagicLinks()
                        .getEmail()
                        .loginOrSignupCompletable(
                                new LoginOrSignupRequest(org.getOrganizationId(), Unique.emailIn(domain))),
                403,
                "email_jit_provisioning_not_allowed");
    }

    @Test
    void aNewEmailOutsideTheAllowedDomainsIsRefused() {
        Organization org = organizationAllowing(Unique.domain());

        assertApiError(
                stytch.getMagicLinks()
                        .getEmail()
                        .loginOrSignupCompletable(
                                new LoginOrSignupRequest(org.getOrganizationId(), Unique.emailIn(Unique.domain()))),
                403,
                "invalid_email_for_jit_provisioning");
    }

    @Test
    void aMagicLinkTokenWorksOnlyOnce() {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        String email = Unique.emailIn(domain);
        loginOrSignup(stytch, org.getOrganizationId(), email);
        String token = awaitToken(email);
        authenticate(stytch, token);

        assertApiError(
                stytch.getMagicLinks()
                        .authenticateCompletable(new com.stytch.java.b2b.models.magiclinks.AuthenticateRequest(
                                token, null, null, null, 60)),
                401,
                "unable_to_auth_magic_link");
    }

    @Test
    void anExpiredMagicLinkTokenIsUnableToAuthMagicLink() {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        String email = Unique.emailIn(domain);
        loginOrSignup(stytch, org.getOrganizationId(), email);
        String token = awaitToken(email);

        // Sign-up links live 60 minutes by default.
        server.clock().advance(Duration.ofMinutes(61));

        assertApiError(
                stytch.getMagicLinks()
                        .authenticateCompletable(new com.stytch.java.b2b.models.magiclinks.AuthenticateRequest(
                                token, null, null, null, 60)),
                401,
                "unable_to_auth_magic_link");
    }

    @Test
    void anUnknownMagicLinkTokenIsMagicLinkNotFound() {
        assertApiError(
                stytch.getMagicLinks()
                        .authenticateCompletable(new com.stytch.java.b2b.models.magiclinks.AuthenticateRequest(
                                "unknown0unknown0unknown0unknown0unknown0unk", null, null, null, 60)),
                404,
                "magic_link_not_found");
    }

    @Test
    void sessionsGetListsTheMembersStandingSessionsAndNotRevokedOnes() {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        String email = Unique.emailIn(domain);
        AuthenticateResponse first = signUp(stytch, org.getOrganizationId(), email);
        loginOrSignup(stytch, org.getOrganizationId(), email);
        AuthenticateResponse second = authenticate(stytch, tokenOf(mailbox().awaitLink(email, 2)));

        GetResponse listed = ok(stytch.getSessions()
                .getCompletable(new com.stytch.java.b2b.models.sessions.GetRequest(
                        org.getOrganizationId(), first.getMemberId())));
        assertThat(listed.getStatusCode()).isEqualTo(200);
        assertThat(listed.getMemberSessions())
                .extracting(MemberSession::getMemberSessionId)
                .containsExactlyInAnyOrder(
                        first.getMemberSession().getMemberSessionId(),
                        second.getMemberSession().getMemberSessionId());
        MemberSession one = listed.getMemberSessions().stream()
                .filter(s ->
                        s.getMemberSessionId().equals(first.getMemberSession().getMemberSessionId()))
                .findFirst()
                .orElseThrow();
        assertThat(one.getMemberId()).isEqualTo(first.getMemberId());
        assertThat(one.getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(one.getExpiresAt()).isEqualTo(first.getMemberSession().getExpiresAt());
        assertIsTheMagicLinkFactor(one.getAuthenticationFactors(), email);

        ok(stytch.getSessions()
                .revokeCompletable(
                        new RevokeRequest(first.getMemberSession().getMemberSessionId(), null, null, null),
                        new RevokeRequestOptions()));
        assertThat(ok(stytch.getSessions()
                                .getCompletable(new com.stytch.java.b2b.models.sessions.GetRequest(
                                        org.getOrganizationId(), first.getMemberId())))
                        .getMemberSessions())
                .extracting(MemberSession::getMemberSessionId)
                .containsExactly(second.getMemberSession().getMemberSessionId());

        ok(stytch.getSessions()
                .revokeCompletable(
                        new RevokeRequest(null, null, null, first.getMemberId()), new RevokeRequestOptions()));
        assertThat(ok(stytch.getSessions()
                                .getCompletable(new com.stytch.java.b2b.models.sessions.GetRequest(
                                        org.getOrganizationId(), first.getMemberId())))
                        .getMemberSessions())
                .isEmpty();
        assertApiError(
                stytch.getSessions()
                        .authenticateCompletable(
                                new com.stytch.java.b2b.models.sessions.AuthenticateRequest(second.getSessionToken())),
                404,
                "session_not_found");
    }

    @Test
    void sessionsExchangeMovesTheSessionToAnOrganizationWhereTheEmailIsInvited() {
        String domain = Unique.domain();
        Organization home = organizationAllowing(domain);
        Organization other = createOrganization(Requests.organizationCreate(Unique.name("Other"))
                .slug(Unique.slug("other"))
                .emailInvites("ALL_ALLOWED"));
        String email = Unique.emailIn(domain);
        AuthenticateResponse login = signUp(stytch, home.getOrganizationId(), email);
        InviteResponse invited = ok(stytch.getMagicLinks()
                .getEmail()
                .inviteCompletable(new InviteRequest(other.getOrganizationId(), email), new InviteRequestOptions()));

        ExchangeResponse exchanged = ok(stytch.getSessions()
                .exchangeCompletable(new ExchangeRequest(other.getOrganizationId(), login.getSessionToken())));

        assertThat(exchanged.getStatusCode()).isEqualTo(200);
        assertThat(exchanged.getMemberAuthenticated()).isTrue();
        assertThat(exchanged.getIntermediateSessionToken()).isEmpty();
        assertThat(exchanged.getMemberId()).isEqualTo(invited.getMemberId());
        assertThat(exchanged.getMember().getStatus()).isEqualTo("active");
        assertThat(exchanged.getOrganization().getOrganizationId()).isEqualTo(other.getOrganizationId());
        assertThat(exchanged.getSessionToken()).isNotBlank().isNotEqualTo(login.getSessionToken());
        MemberSession moved = exchanged.getMemberSession();
        assertThat(moved.getOrganizationId()).isEqualTo(other.getOrganizationId());
        assertIsTheMagicLinkFactor(moved.getAuthenticationFactors(), email);

        MemberSession local = verifyLocally(stytch, exchanged.getSessionJWT());
        assertThat(local.getMemberSessionId()).isEqualTo(moved.getMemberSessionId());
        assertThat(local.getOrganizationId()).isEqualTo(other.getOrganizationId());
        assertThat(local.getOrganizationSlug()).isEqualTo(other.getOrganizationSlug());
        assertThat(ok(stytch.getSessions()
                                .authenticateCompletable(new com.stytch.java.b2b.models.sessions.AuthenticateRequest(
                                        exchanged.getSessionToken())))
                        .getMember()
                        .getMemberId())
                .isEqualTo(invited.getMemberId());
    }

    @Test
    void anOrganizationRequiringMfaAnswersWithAnIntermediateSessionTheSdkParses() {
        String domain = Unique.domain();
        Organization strict = createOrganization(Requests.organizationCreate(Unique.name("Strict"))
                .slug(Unique.slug("strict"))
                .emailAllowedDomains(List.of(domain))
                .emailJitProvisioning("RESTRICTED")
                .emailInvites("ALL_ALLOWED")
                .mfaPolicy("REQUIRED_FOR_ALL"));
        String email = Unique.emailIn(domain);
        loginOrSignup(stytch, strict.getOrganizationId(), email);

        AuthenticateResponse auth = authenticate(stytch, awaitToken(email));

        assertThat(auth.getStatusCode()).isEqualTo(200);
        assertThat(auth.getMemberAuthenticated()).isFalse();
        assertThat(auth.getIntermediateSessionToken()).isNotBlank();
        assertThat(auth.getSessionToken()).isEmpty();
        assertThat(auth.getSessionJWT()).isEmpty();
        assertThat(auth.getMemberSession()).isNull();
        assertThat(auth.getMfaRequired()).isNotNull();
        assertThat(auth.getMfaRequired().getMemberOptions()).isNotNull();
        assertThat(auth.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(auth.getOrganization().getMfaPolicy()).isEqualTo("REQUIRED_FOR_ALL");

        // The same answer from sessions.exchange into that organization.
        Organization home = organizationAllowing(domain);
        String other = Unique.emailIn(domain);
        AuthenticateResponse login = signUp(stytch, home.getOrganizationId(), other);
        ok(stytch.getMagicLinks()
                .getEmail()
                .inviteCompletable(new InviteRequest(strict.getOrganizationId(), other), new InviteRequestOptions()));
        ExchangeResponse exchanged = ok(stytch.getSessions()
                .exchangeCompletable(new ExchangeRequest(strict.getOrganizationId(), login.getSessionToken())));
        assertThat(exchanged.getMemberAuthenticated()).isFalse();
        assertThat(exchanged.getIntermediateSessionToken()).isNotBlank();
        assertThat(exchanged.getSessionToken()).isEmpty();
        assertThat(exchanged.getSessionJWT()).isEmpty();
        assertThat(exchanged.getMemberSession()).isNull();
        assertThat(exchanged.getMfaRequired()).isNotNull();
    }

    @Test
    void customClaimsAndANewDurationFromSessionsAuthenticateReachTheSessionAndItsNextJwt() {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        AuthenticateResponse login = signUp(stytch, org.getOrganizationId(), Unique.emailIn(domain));

        com.stytch.java.b2b.models.sessions.AuthenticateResponse updated = ok(stytch.getSessions()
                .authenticateCompletable(new com.stytch.java.b2b.models.sessions.AuthenticateRequest(
                        login.getSessionToken(), 120, null, Map.of("plan", "pro", "seats", 5))));

        MemberSession session = updated.getMemberSession();
        assertThat(session.getCustomClaims()).containsEntry("plan", "pro");
        assertThat(((Number) session.getCustomClaims().get("seats")).intValue()).isEqualTo(5);
        assertThat(session.getExpiresAt()).isAfter(login.getMemberSession().getExpiresAt());
        MemberSession local = verifyLocally(stytch, updated.getSessionJWT());
        // The Java SDK keeps every non-registered claim, the two stytch.com claims included; numbers
        // come back as Double from the API (Moshi) and as Long from a JWT (jose4j).
        assertThat(local.getCustomClaims()).containsEntry("plan", "pro");
        assertThat(((Number) local.getCustomClaims().get("seats")).intValue()).isEqualTo(5);
        assertThat(local.getExpiresAt()).isEqualTo(session.getExpiresAt());
    }

    @Test
    void afterAKeyRotationJwtsSignedWithTheOldAndTheNewKeyBothVerifyLocally() {
        // A project of its own, so no other test's client meets the rotation.
        NewProject project = server.newProject("Rotation");
        String projectId = project.project().projectId();
        try (StytchB2BClient client = JavaSdk.client(server.baseUrl(), projectId, project.secret())) {
            String domain = Unique.domain();
            Organization org = ok(client.getOrganizations()
                            .createCompletable(Requests.organizationCreate(Unique.name("Org"))
                                    .slug(Unique.slug("org"))
                                    .emailAllowedDomains(List.of(domain))
                                    .emailJitProvisioning("RESTRICTED")
                                    .build()))
                    .getOrganization();
            AuthenticateResponse before = signUp(client, org.getOrganizationId(), Unique.emailIn(domain));
            verifyLocally(client, before.getSessionJWT());

            String oldKid = kidOf(before.getSessionJWT());
            String newKid = server.app().signingKeys().rotate(projectId).kid();
            AuthenticateResponse after = signUp(client, org.getOrganizationId(), Unique.emailIn(domain));

            assertThat(kidOf(after.getSessionJWT())).isEqualTo(newKid).isNotEqualTo(oldKid);
            assertThat(ok(client.getSessions().getJWKSCompletable(new GetJWKSRequest(projectId)))
                            .getKeys())
                    .extracting(JWK::getKid)
                    .containsExactly(newKid, oldKid);
            // The client that cached the old key set: the old JWT from its cache, the new one once it
            // refetches the set for the unknown kid (jose4j refetches at most every 300 ms, hence the poll).
            assertThat(verifyLocally(client, before.getSessionJWT()).getMemberId())
                    .isEqualTo(before.getMemberId());
            assertThat(awaitVerifiedLocally(client, after.getSessionJWT()).getMemberId())
                    .isEqualTo(after.getMemberId());
            // A client starting now: both keys are published.
            try (StytchB2BClient fresh = JavaSdk.client(server.baseUrl(), projectId, project.secret())) {
                assertThat(verifyLocally(fresh, before.getSessionJWT()).getMemberId())
                        .isEqualTo(before.getMemberId());
                assertThat(verifyLocally(fresh, after.getSessionJWT()).getMemberId())
                        .isEqualTo(after.getMemberId());
            }
        }
    }

    @Test
    void aJwtPastItsExpiryFailsLocallyAndAuthenticateJwtAsksTheServerWhichAnswersForTheSession() {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        String email = Unique.emailIn(domain);
        // Sign in ten minutes ago: the JWT (5 minutes) has expired, the session (60) stands.
        server.clock().set(Instant.now().minus(Duration.ofMinutes(10)));
        AuthenticateResponse auth = signUp(stytch, org.getOrganizationId(), email);
        server.clock().set(Instant.now());
        String jwt = auth.getSessionJWT();

        StytchException local =
                JavaSdk.failure(stytch.getSessions().authenticateJwtLocalCompletable(jwt, null, null, 0));
        assertThat(local).isNotInstanceOf(StytchException.Response.class);

        long remoteChecksBefore = metrics.requests(ServerMetrics.SESSIONS_AUTHENTICATE);
        MemberSession remote = ok(stytch.getSessions().authenticateJwtCompletable(jwt, null, null));
        assertThat(remote.getMemberSessionId())
                .isEqualTo(auth.getMemberSession().getMemberSessionId());
        metrics.awaitRequests(ServerMetrics.SESSIONS_AUTHENTICATE, count -> count == remoteChecksBefore + 1);

        ok(stytch.getSessions()
                .revokeCompletable(new RevokeRequest(null, null, jwt, null), new RevokeRequestOptions()));
        assertApiError(stytch.getSessions().authenticateJwtCompletable(jwt, null, null), 404, "session_not_found");
    }

    /**
     * Local verification of a JWT signed with a key the client may not have fetched yet: the SDK
     * refetches the key set on an unknown kid, but not within jose4j's 300 ms of its last fetch.
     */
    private static MemberSession awaitVerifiedLocally(StytchB2BClient client, String jwt) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            var result = JavaSdk.await(client.getSessions().authenticateJwtLocalCompletable(jwt, null, null, 0));
            if (result instanceof StytchResult.Success<?> || System.nanoTime() > deadline) {
                return ok(CompletableFuture.completedFuture(result));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The kid in a JWT's header. */
    private static String kidOf(String jwt) {
        String header =
                new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        Matcher m = KID.matcher(header);
        assertThat(m.find()).as("kid in %s", header).isTrue();
        return m.group(1);
    }
}
