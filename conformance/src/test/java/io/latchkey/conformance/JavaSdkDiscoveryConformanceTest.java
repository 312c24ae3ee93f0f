package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.stytch.java.b2b.models.discovery.DiscoveredOrganization;
import com.stytch.java.b2b.models.discoveryintermediatesessions.ExchangeRequest;
import com.stytch.java.b2b.models.discoveryintermediatesessions.ExchangeRequestLocale;
import com.stytch.java.b2b.models.discoveryintermediatesessions.ExchangeResponse;
import com.stytch.java.b2b.models.discoveryorganizations.CreateRequest;
import com.stytch.java.b2b.models.discoveryorganizations.CreateResponse;
import com.stytch.java.b2b.models.discoveryorganizations.ListRequest;
import com.stytch.java.b2b.models.discoveryorganizations.ListResponse;
import com.stytch.java.b2b.models.magiclinks.AuthenticateResponse;
import com.stytch.java.b2b.models.magiclinksdiscovery.AuthenticateRequest;
import com.stytch.java.b2b.models.magiclinksemail.InviteRequest;
import com.stytch.java.b2b.models.magiclinksemail.InviteRequestOptions;
import com.stytch.java.b2b.models.magiclinksemail.InviteResponse;
import com.stytch.java.b2b.models.magiclinksemaildiscovery.SendRequest;
import com.stytch.java.b2b.models.magiclinksemaildiscovery.SendResponse;
import com.stytch.java.b2b.models.organizations.Member;
import com.stytch.java.b2b.models.organizations.MemberRole;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.organizations.UpdateRequestOptions;
import com.stytch.java.b2b.models.sessions.GetRequest;
import com.stytch.java.b2b.models.sessions.MemberSession;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Discovery through the official Java SDK: a discovery magic link mailed to an email with a
 * place in several organizations, read from the dev mailbox, authenticated into an intermediate
 * session that lists those organizations, then exchanged into one of them or spent on a new one.
 * Every API call is the SDK's; the answers are checked as the SDK parsed them.
 */
class JavaSdkDiscoveryConformanceTest extends JavaSdkMagicLinkTestBase {
    /** The default discovery redirect URL of the test project. */
    static final String DISCOVERY_LINK_PREFIX = TestServer.REDIRECT_URL + "?stytch_token_type=discovery&token=";

    @Override
    protected Mailbox mailbox() {
        return Mailbox.devMailbox(server.baseUrl());
    }

    /**
     * One email's place among four organizations: an active member of {@code active}, invited to
     * {@code invited}, eligible by its domain for {@code eligible} (sign-up by domain restricted to
     * it, and a colleague there with a verified address), and not welcome in {@code closed}
     * (same domain and colleague, but sign-up by domain not allowed).
     *
     * @param messages how many messages the email has received so far
     */
    private record World(
            String email,
            String domain,
            Organization active,
            String activeMemberId,
            Organization invited,
            String invitedMemberId,
            Organization eligible,
            Organization closed,
            int messages) {}

    private World world() {
        String domain = Unique.domain();
        String email = Unique.emailIn(domain);

        // The email joined one organization two minutes ago and was invited to the other a minute
        // ago, so "oldest first" has one answer. (The test server's clock stands still unless set.)
        Instant now = Instant.now();
        server.clock().set(now.minus(Duration.ofMinutes(2)));
        Organization active = organizationAllowing(domain);
        AuthenticateResponse signedUp = signUp(stytch, active.getOrganizationId(), email);

        server.clock().set(now.minus(Duration.ofMinutes(1)));
        Organization invited = createOrganization(Requests.organizationCreate(Unique.name("Invited"))
                .slug(Unique.slug("invited"))
                .emailInvites("ALL_ALLOWED"));
        InviteResponse invite = ok(stytch.getMagicLinks()
                .getEmail()
                .inviteCompletable(new InviteRequest(invited.getOrganizationId(), email), new InviteRequestOptions()));
        assertThat(invite.getMember().getStatus()).isEqualTo("invited");

        Organization eligible = organizationAllowing(domain);
        signUp(stytch, eligible.getOrganizationId(), Unique.emailIn(domain));

        Organization closed = organizationAllowing(domain);
        signUp(stytch, closed.getOrganizationId(), Unique.emailIn(domain));
        ok(stytch.getOrganizations()
                .updateCompletable(
                        Requests.organizationUpdate(closed.getOrganizationId())
                                .emailJitProvisioning("NOT_ALLOWED")
                                .build(),
                        new UpdateRequestOptions()));
        server.clock().set(Instant.now());

        return new World(
                email, domain, active, signedUp.getMemberId(), invited, invite.getMemberId(), eligible, closed, 2);
    }

    /** discovery.send for {@code email}, answered as the SDK parses it. */
    private void sendDiscoveryLink(String email) {
        SendResponse sent =
                ok(stytch.getMagicLinks().getEmail().getDiscovery().sendCompletable(new SendRequest(email)));
        assertThat(sent.getStatusCode()).isEqualTo(200);
        assertThat(sent.getRequestId()).isNotBlank();
    }

    /**
     * The token of the discovery link in the newest message to {@code email}, once it has received
     * {@code messages} messages, checking the link's shape.
     */
    private String awaitDiscoveryToken(String email, int messages) {
        Mailbox.Message newest = mailbox().awaitMessages(email, messages).get(0);
        assertThat(newest.subject()).isEqualTo("Your login link");
        String link = Mailbox.linkIn(newest);
        assertThat(link).startsWith(DISCOVERY_LINK_PREFIX);
        assertThat(Mailbox.queryParam(link, "stytch_token_type")).isEqualTo("discovery");
        String token = Mailbox.queryParam(link, "token");
        assertThat(token).matches("[A-Za-z0-9_-]{43,}");
        return token;
    }

    private com.stytch.java.b2b.models.magiclinksdiscovery.AuthenticateResponse authenticateDiscovery(String token) {
        return ok(stytch.getMagicLinks().getDiscovery().authenticateCompletable(new AuthenticateRequest(token)));
    }

    /** discovery.send, the mailed link, discovery.authenticate: the email's {@code messages}-th message. */
    private com.stytch.java.b2b.models.magiclinksdiscovery.AuthenticateResponse discoveryLogin(
            String email, int messages) {
        sendDiscoveryLink(email);
        var response = authenticateDiscovery(awaitDiscoveryToken(email, messages));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getRequestId()).isNotBlank();
        assertThat(response.getIntermediateSessionToken()).isNotBlank();
        assertThat(response.getEmailAddress()).isEqualTo(email);
        return response;
    }

    private ExchangeResponse exchange(String intermediateSessionToken, String organizationId) {
        return ok(stytch.getDiscovery()
                .getIntermediateSessions()
                .exchangeCompletable(new ExchangeRequest(intermediateSessionToken, organizationId)));
    }

    private ListResponse list(ListRequest request) {
        ListResponse listed = ok(stytch.getDiscovery().getOrganizations().listCompletable(request));
        assertThat(listed.getStatusCode()).isEqualTo(200);
        assertThat(listed.getRequestId()).isNotBlank();
        return listed;
    }

    @Test
    void discoveryListsMembershipsInvitesAndDomainOrganizationsThenExchangesIntoThemWithSessionsThatVerifyLocally() {
        World w = world();

        // 1-3. discovery.send, the mailed discovery link, discovery.authenticate.
        sendDiscoveryLink(w.email());
        String token = awaitDiscoveryToken(w.email(), w.messages() + 1);
        var discovered = authenticateDiscovery(token);
        assertThat(discovered.getStatusCode()).isEqualTo(200);
        assertThat(discovered.getIntermediateSessionToken()).isNotBlank();
        assertThat(discovered.getEmailAddress()).isEqualTo(w.email());
        assertDiscoveredAsMemberInviteeAndEligible(discovered.getDiscoveredOrganizations(), w);

        // 4. discovery.organizations.list with the intermediate session: the same organizations,
        //    and the token is not spent by listing.
        String ist = discovered.getIntermediateSessionToken();
        ListResponse listed = list(new ListRequest(ist));
        assertThat(listed.getEmailAddress()).isEqualTo(w.email());
        assertThat(listed.getOrganizationIdHint()).isNull();
        assertDiscoveredAsMemberInviteeAndEligible(listed.getDiscoveredOrganizations(), w);
        assertThat(list(new ListRequest(ist)).getDiscoveredOrganizations()).hasSize(3);

        // 5. Exchange into the inviting organization: the invite is accepted, a full session.
        ExchangeResponse joined = exchange(ist, w.invited().getOrganizationId());
        assertThat(joined.getStatusCode()).isEqualTo(200);
        assertThat(joined.getRequestId()).isNotBlank();
        assertThat(joined.getMemberAuthenticated()).isTrue();
        assertThat(joined.getIntermediateSessionToken()).isEmpty();
        assertThat(joined.getMemberId()).isEqualTo(w.invitedMemberId());
        assertThat(joined.getMember().getMemberId()).isEqualTo(w.invitedMemberId());
        assertThat(joined.getMember().getStatus()).isEqualTo("active");
        assertThat(joined.getMember().getEmailAddressVerified()).isTrue();
        assertThat(joined.getOrganization().getOrganizationId())
                .isEqualTo(w.invited().getOrganizationId());
        assertThat(joined.getSessionToken()).isNotBlank();
        assertThat(joined.getSessionJWT()).isNotBlank();
        assertThat(joined.getMfaRequired()).isNull();
        assertThat(joined.getPrimaryRequired()).isNull();
        MemberSession session = joined.getMemberSession();
        assertThat(session).isNotNull();
        assertThat(session.getMemberId()).isEqualTo(w.invitedMemberId());
        assertThat(session.getOrganizationId()).isEqualTo(w.invited().getOrganizationId());
        assertThat(session.getOrganizationSlug()).isEqualTo(w.invited().getOrganizationSlug());
        assertIsTheMagicLinkFactor(session.getAuthenticationFactors(), w.email());

        // 6. The session JWT verifies locally against the JWKS, with no sessions/authenticate call.
        long remoteChecksBefore = metrics.requests(ServerMetrics.SESSIONS_AUTHENTICATE);
        MemberSession local = verifyLocally(stytch, joined.getSessionJWT());
        assertThat(local.getMemberSessionId()).isEqualTo(session.getMemberSessionId());
        assertThat(local.getMemberId()).isEqualTo(w.invitedMemberId());
        assertThat(local.getOrganizationId()).isEqualTo(w.invited().getOrganizationId());
        assertThat(local.getExpiresAt()).isEqualTo(session.getExpiresAt());
        MemberSession checked = ok(stytch.getSessions().authenticateJwtCompletable(joined.getSessionJWT(), null, null));
        assertThat(checked.getMemberSessionId()).isEqualTo(session.getMemberSessionId());
        assertNoRemoteCheckSince(remoteChecksBefore, w.invited().getOrganizationId(), w.invitedMemberId());

        // 7. The exchange spent the intermediate session, and the link works only once.
        assertApiError(
                stytch.getDiscovery()
                        .getIntermediateSessions()
                        .exchangeCompletable(
                                new ExchangeRequest(ist, w.eligible().getOrganizationId())),
                404,
                "intermediate_session_not_found");
        assertApiError(
                stytch.getDiscovery().getOrganizations().listCompletable(new ListRequest(ist)),
                404,
                "intermediate_session_not_found");
        assertApiError(
                stytch.getMagicLinks().getDiscovery().authenticateCompletable(new AuthenticateRequest(token)),
                401,
                "unable_to_auth_magic_link");

        // 8. A second discovery login: the invite is now a membership; exchanged into the
        //    organization open by domain, it creates an active member with a verified address.
        var again = discoveryLogin(w.email(), w.messages() + 2);
        assertThat(again.getDiscoveredOrganizations())
                .extracting(
                        o -> o.getOrganization().getOrganizationId(),
                        o -> o.getMembership().getType())
                .containsExactly(
                        tuple(w.active().getOrganizationId(), "active_member"),
                        tuple(w.invited().getOrganizationId(), "active_member"),
                        tuple(w.eligible().getOrganizationId(), "eligible_to_join_by_email_domain"));
        ExchangeResponse jit = ok(stytch.getDiscovery()
                .getIntermediateSessions()
                .exchangeCompletable(new ExchangeRequest(
                        again.getIntermediateSessionToken(),
                        w.eligible().getOrganizationId(),
                        120,
                        Map.of("plan", "pro"))));
        assertThat(jit.getMemberAuthenticated()).isTrue();
        assertThat(jit.getMemberId()).isNotBlank().isNotIn(w.activeMemberId(), w.invitedMemberId());
        Member created = jit.getMember();
        assertThat(created.getMemberId()).isEqualTo(jit.getMemberId());
        assertThat(created.getEmailAddress()).isEqualTo(w.email());
        assertThat(created.getStatus()).isEqualTo("active");
        assertThat(created.getEmailAddressVerified()).isTrue();
        assertThat(created.getOrganizationId()).isEqualTo(w.eligible().getOrganizationId());
        assertThat(jit.getOrganization().getOrganizationId())
                .isEqualTo(w.eligible().getOrganizationId());
        MemberSession jitSession = jit.getMemberSession();
        assertThat(Duration.between(jitSession.getStartedAt(), jitSession.getExpiresAt()))
                .isEqualTo(Duration.ofMinutes(120));
        assertThat(jitSession.getCustomClaims()).containsEntry("plan", "pro");
        MemberSession jitLocal = verifyLocally(stytch, jit.getSessionJWT());
        assertThat(jitLocal.getMemberId()).isEqualTo(jit.getMemberId());
        assertThat(jitLocal.getCustomClaims()).containsEntry("plan", "pro");
        assertThat(ok(stytch.getOrganizations()
                                .getMembers()
                                .getCompletable(new com.stytch.java.b2b.models.organizationsmembers.GetRequest(
                                        w.eligible().getOrganizationId(), jit.getMemberId())))
                        .getMember()
                        .getStatus())
                .isEqualTo("active");

        // 9. A member session lists the email's memberships, now three, and no organization open by
        //    domain; by session token and by session JWT alike.
        for (ListRequest bySession : List.of(
                new ListRequest(null, jit.getSessionToken()), new ListRequest(null, null, jit.getSessionJWT()))) {
            ListResponse memberships = list(bySession);
            assertThat(memberships.getEmailAddress()).isEqualTo(w.email());
            assertThat(memberships.getOrganizationIdHint()).isNull();
            assertThat(memberships.getDiscoveredOrganizations())
                    .extracting(
                            o -> o.getOrganization().getOrganizationId(),
                            o -> o.getMembership().getType())
                    .containsExactly(
                            tuple(w.active().getOrganizationId(), "active_member"),
                            tuple(w.invited().getOrganizationId(), "active_member"),
                            tuple(w.eligible().getOrganizationId(), "active_member"));
        }
    }

    /** The world's three organizations, in the documented order, and not the closed one. */
    private static void assertDiscoveredAsMemberInviteeAndEligible(List<DiscoveredOrganization> found, World w) {
        assertThat(found)
                .extracting(o -> o.getOrganization().getOrganizationId())
                .as(
                        "memberships first (oldest first), then organizations open by domain; never %s",
                        w.closed().getOrganizationId())
                .containsExactly(
                        w.active().getOrganizationId(),
                        w.invited().getOrganizationId(),
                        w.eligible().getOrganizationId());

        DiscoveredOrganization active = found.get(0);
        assertThat(active.getMemberAuthenticated()).isTrue();
        assertThat(active.getOrganization().getOrganizationSlug())
                .isEqualTo(w.active().getOrganizationSlug());
        assertThat(active.getOrganization().getOrganizationName())
                .isEqualTo(w.active().getOrganizationName());
        assertThat(active.getMembership().getType()).isEqualTo("active_member");
        assertThat(active.getMembership().getMember()).isNotNull();
        assertThat(active.getMembership().getMember().getMemberId()).isEqualTo(w.activeMemberId());
        assertThat(active.getMembership().getMember().getStatus()).isEqualTo("active");
        assertThat(active.getPrimaryRequired()).isNull();
        assertThat(active.getMfaRequired()).isNull();

        DiscoveredOrganization invited = found.get(1);
        assertThat(invited.getMemberAuthenticated()).isTrue();
        assertThat(invited.getMembership().getType()).isEqualTo("invited_member");
        assertThat(invited.getMembership().getMember().getMemberId()).isEqualTo(w.invitedMemberId());
        assertThat(invited.getMembership().getMember().getStatus()).isEqualTo("invited");
        assertThat(invited.getMembership().getMember().getEmailAddress()).isEqualTo(w.email());

        DiscoveredOrganization eligible = found.get(2);
        assertThat(eligible.getMemberAuthenticated()).isTrue();
        assertThat(eligible.getOrganization().getEmailJITProvisioning()).isEqualTo("RESTRICTED");
        assertThat(eligible.getMembership().getType()).isEqualTo("eligible_to_join_by_email_domain");
        assertThat(eligible.getMembership().getDetails()).isEqualTo(Map.of("domain", w.domain()));
        assertThat(eligible.getMembership().getMember()).isNull();
        assertThat(eligible.getPrimaryRequired()).isNull();
        assertThat(eligible.getMfaRequired()).isNull();
    }

    @Test
    void organizationsCreateFromADiscoveryLoginMakesTheCreatorAnAdminWithASession() {
        String email = Unique.email("founder");
        var login = discoveryLogin(email, 1);
        assertThat(login.getDiscoveredOrganizations()).isEmpty();
        String name = Unique.name("Founded");
        String slug = Unique.slug("founded");

        CreateResponse created = ok(stytch.getDiscovery()
                .getOrganizations()
                .createCompletable(Requests.discoveryOrganizationCreate(login.getIntermediateSessionToken())
                        .name(name)
                        .slug(slug)
                        .build()));

        assertThat(created.getStatusCode()).isEqualTo(200);
        assertThat(created.getMemberAuthenticated()).isTrue();
        assertThat(created.getIntermediateSessionToken()).isEmpty();
        assertThat(created.getOrganization().getOrganizationName()).isEqualTo(name);
        assertThat(created.getOrganization().getOrganizationSlug()).isEqualTo(slug);
        Member founder = created.getMember();
        assertThat(founder.getMemberId()).isEqualTo(created.getMemberId());
        assertThat(founder.getEmailAddress()).isEqualTo(email);
        assertThat(founder.getStatus()).isEqualTo("active");
        assertThat(founder.getEmailAddressVerified()).isTrue();
        assertThat(founder.isAdmin()).isTrue();
        assertThat(founder.getRoles()).extracting(MemberRole::getRoleId).contains("stytch_admin");
        assertThat(created.getSessionToken()).isNotBlank();
        MemberSession session = created.getMemberSession();
        assertThat(session.getOrganizationId())
                .isEqualTo(created.getOrganization().getOrganizationId());
        assertThat(session.getRoles()).contains("stytch_admin", "stytch_member");
        MemberSession local = verifyLocally(stytch, created.getSessionJWT());
        assertThat(local.getMemberSessionId()).isEqualTo(session.getMemberSessionId());
        assertThat(local.getRoles()).contains("stytch_admin");

        // The intermediate session is spent; the new organization is now among the email's.
        assertApiError(
                stytch.getDiscovery()
                        .getOrganizations()
                        .createCompletable(Requests.discoveryOrganizationCreate(login.getIntermediateSessionToken())
                                .name(Unique.name("Again"))
                                .build()),
                404,
                "intermediate_session_not_found");
        assertThat(list(new ListRequest(null, created.getSessionToken())).getDiscoveredOrganizations())
                .extracting(
                        o -> o.getOrganization().getOrganizationId(),
                        o -> o.getMembership().getType())
                .containsExactly(tuple(created.getOrganization().getOrganizationId(), "active_member"));
    }

    @Test
    void organizationsCreateWithTheSdksDefaultsNamesTheOrganizationAfterTheEmailsDomain() {
        String domain = Unique.domain();
        String email = Unique.emailIn(domain);
        var login = discoveryLogin(email, 1);

        // The SDK's short constructor: every list and map argument is sent as [] / {}.
        CreateResponse created = ok(stytch.getDiscovery()
                .getOrganizations()
                .createCompletable(new CreateRequest(login.getIntermediateSessionToken())));

        assertThat(created.getMemberAuthenticated()).isTrue();
        Organization org = created.getOrganization();
        assertThat(org.getOrganizationName()).isEqualTo(domain);
        assertThat(org.getOrganizationSlug()).isEqualTo(domain);
        assertThat(org.getEmailAllowedDomains()).isEmpty();
        assertThat(created.getMember().isAdmin()).isTrue();
        assertThat(created.getMember().getRoles())
                .extracting(MemberRole::getRoleId)
                .contains("stytch_admin");
        assertThat(verifyLocally(stytch, created.getSessionJWT()).getOrganizationSlug())
                .isEqualTo(domain);
    }

    @Test
    void anOrganizationThatRefusesTheMethodAnswersPrimaryRequiredAndItsIntermediateSessionCannotEnrolATotp() {
        String email = Unique.email("restricted");
        Organization strict = createOrganization(Requests.organizationCreate(Unique.name("Restricted"))
                .slug(Unique.slug("restricted"))
                .emailInvites("ALL_ALLOWED")
                .authMethods("RESTRICTED", List.of("email_otp")));
        InviteResponse invite = ok(stytch.getMagicLinks()
                .getEmail()
                .inviteCompletable(new InviteRequest(strict.getOrganizationId(), email), new InviteRequestOptions()));

        var login = discoveryLogin(email, 2);
        ExchangeResponse exchanged = exchange(login.getIntermediateSessionToken(), strict.getOrganizationId());
        assertThat(exchanged.getMemberAuthenticated()).isFalse();
        assertThat(exchanged.getSessionToken()).isEmpty();
        assertThat(exchanged.getPrimaryRequired()).isNotNull();
        assertThat(exchanged.getPrimaryRequired().getAllowedAuthMethods()).containsExactly("email_otp");

        // The intermediate session proves a method the organization refuses: no second factor on it.
        assertApiError(
                stytch.getTotps()
                        .createCompletable(new com.stytch.java.b2b.models.totps.CreateRequest(
                                strict.getOrganizationId(),
                                invite.getMemberId(),
                                null,
                                exchanged.getIntermediateSessionToken(),
                                null,
                                null)),
                400,
                "action_available_only_once_primary_authentication_is_met");
    }

    @Test
    void anOrganizationRequiringMfaIsListedAsNotAuthenticatedAndItsExchangeAndCreateAnswerWithAnIntermediateSession() {
        String email = Unique.email("cautious");
        Organization strict = createOrganization(Requests.organizationCreate(Unique.name("Strict"))
                .slug(Unique.slug("strict"))
                .emailInvites("ALL_ALLOWED")
                .mfaPolicy("REQUIRED_FOR_ALL"));
        InviteResponse invite = ok(stytch.getMagicLinks()
                .getEmail()
                .inviteCompletable(new InviteRequest(strict.getOrganizationId(), email), new InviteRequestOptions()));

        var login = discoveryLogin(email, 2);
        assertThat(login.getDiscoveredOrganizations()).hasSize(1);
        DiscoveredOrganization listed = login.getDiscoveredOrganizations().get(0);
        assertThat(listed.getOrganization().getOrganizationId()).isEqualTo(strict.getOrganizationId());
        assertThat(listed.getMembership().getType()).isEqualTo("invited_member");
        assertThat(listed.getMemberAuthenticated()).isFalse();
        assertThat(listed.getPrimaryRequired()).isNull();
        assertThat(listed.getMfaRequired()).isNotNull();
        assertThat(listed.getMfaRequired().getMemberOptions()).isNotNull();
        assertThat(listed.getMfaRequired().getMemberOptions().getMfaPhoneNumber())
                .isEmpty();
        assertThat(listed.getMfaRequired().getMemberOptions().getTotpRegistrationId())
                .isEmpty();

        // locale would choose the language of an SMS sent at once; discovery sends none.
        ExchangeResponse exchanged = ok(stytch.getDiscovery()
                .getIntermediateSessions()
                .exchangeCompletable(new ExchangeRequest(
                        login.getIntermediateSessionToken(),
                        strict.getOrganizationId(),
                        null,
                        null,
                        ExchangeRequestLocale.EN)));
        assertThat(exchanged.getStatusCode()).isEqualTo(200);
        assertThat(exchanged.getMemberAuthenticated()).isFalse();
        assertThat(exchanged.getMfaRequired().getSecondaryAuthInitiated()).isNull();
        assertThat(exchanged.getIntermediateSessionToken())
                .isNotBlank()
                .isNotEqualTo(login.getIntermediateSessionToken());
        assertThat(exchanged.getSessionToken()).isEmpty();
        assertThat(exchanged.getSessionJWT()).isEmpty();
        assertThat(exchanged.getMemberSession()).isNull();
        assertThat(exchanged.getMemberId()).isEqualTo(invite.getMemberId());
        assertThat(exchanged.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(exchanged.getOrganization().getMfaPolicy()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(exchanged.getMfaRequired()).isNotNull();
        assertThat(exchanged.getMfaRequired().getMemberOptions()).isNotNull();
        assertThat(exchanged.getPrimaryRequired()).isNull();
        // The new intermediate session is bound to the organization, which listing names as its hint.
        ListResponse bound = list(new ListRequest(exchanged.getIntermediateSessionToken()));
        assertThat(bound.getOrganizationIdHint()).isEqualTo(strict.getOrganizationId());
        assertThat(bound.getEmailAddress()).isEqualTo(email);

        // organizations.create with mfa_policy REQUIRED_FOR_ALL: the creator still owes a second factor.
        var again = discoveryLogin(email, 3);
        CreateResponse created = ok(stytch.getDiscovery()
                .getOrganizations()
                .createCompletable(Requests.discoveryOrganizationCreate(again.getIntermediateSessionToken())
                        .name(Unique.name("Guarded"))
                        .slug(Unique.slug("guarded"))
                        .mfaPolicy("REQUIRED_FOR_ALL")
                        .build()));
        assertThat(created.getStatusCode()).isEqualTo(200);
        assertThat(created.getMemberAuthenticated()).isFalse();
        assertThat(created.getIntermediateSessionToken()).isNotBlank();
        assertThat(created.getSessionToken()).isEmpty();
        assertThat(created.getSessionJWT()).isEmpty();
        assertThat(created.getMemberSession()).isNull();
        assertThat(created.getMfaRequired()).isNotNull();
        assertThat(created.getOrganization().getMfaPolicy()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(created.getMember().isAdmin()).isTrue();
    }

    @Test
    void anOrganizationNotAcceptingMagicLinksIsListedWithPrimaryRequiredAndItsExchangeLeavesAPendingMember() {
        String domain = Unique.domain();
        String email = Unique.emailIn(domain);
        Organization passwordsOnly = organizationAllowing(domain);
        signUp(stytch, passwordsOnly.getOrganizationId(), Unique.emailIn(domain));
        ok(stytch.getOrganizations()
                .updateCompletable(
                        Requests.organizationUpdate(passwordsOnly.getOrganizationId())
                                .authMethods("RESTRICTED", List.of("password"))
                                .build(),
                        new UpdateRequestOptions()));

        var login = discoveryLogin(email, 1);
        assertThat(login.getDiscoveredOrganizations()).hasSize(1);
        DiscoveredOrganization listed = login.getDiscoveredOrganizations().get(0);
        assertThat(listed.getOrganization().getOrganizationId()).isEqualTo(passwordsOnly.getOrganizationId());
        assertThat(listed.getMembership().getType()).isEqualTo("eligible_to_join_by_email_domain");
        assertThat(listed.getMemberAuthenticated()).isFalse();
        assertThat(listed.getPrimaryRequired()).isNotNull();
        assertThat(listed.getPrimaryRequired().getAllowedAuthMethods()).containsExactly("password");
        assertThat(listed.getMfaRequired()).isNull();

        ExchangeResponse exchanged = exchange(login.getIntermediateSessionToken(), passwordsOnly.getOrganizationId());
        assertThat(exchanged.getMemberAuthenticated()).isFalse();
        assertThat(exchanged.getIntermediateSessionToken()).isNotBlank();
        assertThat(exchanged.getSessionToken()).isEmpty();
        assertThat(exchanged.getSessionJWT()).isEmpty();
        assertThat(exchanged.getMemberSession()).isNull();
        assertThat(exchanged.getPrimaryRequired()).isNotNull();
        assertThat(exchanged.getPrimaryRequired().getAllowedAuthMethods()).containsExactly("password");
        assertThat(exchanged.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(exchanged.getMember().getStatus()).isEqualTo("pending");
        assertThat(exchanged.getOrganization().getOrganizationId()).isEqualTo(passwordsOnly.getOrganizationId());
    }

    @Test
    void aDiscoveryLinkGoesToTheRedirectUrlAskedForAndExpiresAfterTheMinutesAskedFor() {
        String email = Unique.email("late");
        SendResponse sent = ok(stytch.getMagicLinks()
                .getEmail()
                .getDiscovery()
                .sendCompletable(new SendRequest(email, "http://localhost:4000/discover", null, null, null, 5L)));
        assertThat(sent.getStatusCode()).isEqualTo(200);
        String link = mailbox().awaitLink(email);
        assertThat(link).startsWith("http://localhost:4000/discover?stytch_token_type=discovery&token=");

        server.clock().advance(Duration.ofMinutes(6));

        assertApiError(
                stytch.getMagicLinks()
                        .getDiscovery()
                        .authenticateCompletable(new AuthenticateRequest(Mailbox.queryParam(link, "token"))),
                401,
                "unable_to_auth_magic_link");
    }

    @Test
    void anExchangeRefusedForJitLeavesTheIntermediateSessionUsable() {
        World w = world();
        var login = discoveryLogin(w.email(), w.messages() + 1);

        assertApiError(
                stytch.getDiscovery()
                        .getIntermediateSessions()
                        .exchangeCompletable(new ExchangeRequest(
                                login.getIntermediateSessionToken(), w.closed().getOrganizationId())),
                403,
                "email_jit_provisioning_not_allowed");
        Organization elsewhere = organizationAllowing(Unique.domain());
        assertApiError(
                stytch.getDiscovery()
                        .getIntermediateSessions()
                        .exchangeCompletable(new ExchangeRequest(
                                login.getIntermediateSessionToken(), elsewhere.getOrganizationId())),
                403,
                "invalid_email_for_jit_provisioning");

        ExchangeResponse joined =
                exchange(login.getIntermediateSessionToken(), w.active().getOrganizationId());
        assertThat(joined.getMemberAuthenticated()).isTrue();
        assertThat(joined.getMemberId()).isEqualTo(w.activeMemberId());
    }

    @Test
    void anUnknownDiscoveryTokenIsMagicLinkNotFound() {
        assertApiError(
                stytch.getMagicLinks()
                        .getDiscovery()
                        .authenticateCompletable(
                                new AuthenticateRequest("unknown0unknown0unknown0unknown0unknown0unk")),
                404,
                "magic_link_not_found");
    }

    @Test
    void discoveryOrganizationsListNeedsExactlyOneKindOfToken() {
        assertApiError(
                stytch.getDiscovery().getOrganizations().listCompletable(new ListRequest()),
                400,
                "no_session_arguments");
        var login = discoveryLogin(Unique.email(), 1);
        assertApiError(
                stytch.getDiscovery()
                        .getOrganizations()
                        .listCompletable(new ListRequest(login.getIntermediateSessionToken(), "a-session-token")),
                400,
                "too_many_session_arguments");
    }

    /**
     * No sessions/authenticate request since {@code before}. A request is counted just after it is
     * answered, so a later request (sessions.get) is made and seen counted first.
     */
    private void assertNoRemoteCheckSince(long before, String organizationId, String memberId) {
        long gets = metrics.requests(ServerMetrics.SESSIONS_GET);
        ok(stytch.getSessions().getCompletable(new GetRequest(organizationId, memberId)));
        metrics.awaitRequests(ServerMetrics.SESSIONS_GET, count -> count > gets);
        assertThat(metrics.requests(ServerMetrics.SESSIONS_AUTHENTICATE))
                .as("sessions/authenticate requests: none from the JWT checks")
                .isEqualTo(before);
    }
}
