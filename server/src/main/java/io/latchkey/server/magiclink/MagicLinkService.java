package io.latchkey.server.magiclink;

import io.latchkey.api.discovery.SendDiscoveryEmailRequest;
import io.latchkey.api.magiclink.AuthenticateMagicLinkRequest;
import io.latchkey.api.magiclink.AuthenticateMagicLinkResponse;
import io.latchkey.api.magiclink.InviteRequest;
import io.latchkey.api.magiclink.InviteResponse;
import io.latchkey.api.magiclink.LoginOrSignupRequest;
import io.latchkey.api.magiclink.LoginOrSignupResponse;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.member.ActivatedMember;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.AuthMethod;
import io.latchkey.server.organization.EmailInvites;
import io.latchkey.server.organization.OrganizationPolicy;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.project.RedirectPolicy;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.session.SessionDurations;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInAnswers;
import io.latchkey.server.signin.SignInOutcome;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Email magic links: who may get one (the organization's rules), the link itself (a single-use,
 * expiring token stored only as a hash, mailed through the outbox in the same transaction), and
 * what completing it yields (a session, or an intermediate session when MFA is still due).
 */
public final class MagicLinkService {
    private static final int DEFAULT_LOGIN_MINUTES = 60;
    private static final int DEFAULT_INVITE_MINUTES = 10_080;

    private final Database db;
    private final MagicLinkStore store;
    private final ProjectService projects;
    private final OrganizationService organizations;
    private final MemberService members;
    private final SignIn signIn;
    private final MagicLinkMailer mailer;
    private final RateLimitService rateLimits;
    private final Clock clock;

    public MagicLinkService(
            Database db,
            MagicLinkStore store,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            SignIn signIn,
            MailService mail,
            RateLimitService rateLimits,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.organizations = organizations;
        this.members = members;
        this.signIn = signIn;
        this.mailer = new MagicLinkMailer(mail);
        this.rateLimits = rateLimits;
        this.clock = clock;
    }

    /** {@code POST /v1/b2b/magic_links/email/login_or_signup}. */
    public LoginOrSignupResponse loginOrSignup(Project project, LoginOrSignupRequest r) {
        requireField(r.organizationId(), "organization_id");
        String email = Emails.normalize(r.emailAddress());
        Duration loginLifetime =
                lifetime(r.loginExpirationMinutes(), DEFAULT_LOGIN_MINUTES, "login_expiration_minutes");
        Duration signupLifetime =
                lifetime(r.signupExpirationMinutes(), DEFAULT_LOGIN_MINUTES, "signup_expiration_minutes");
        String challenge = Pkce.validChallenge(r.pkceCodeChallenge());
        RedirectPolicy redirects = projects.redirectPolicy(project.projectId());
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, r.organizationId());
            Optional<Member> existing = members.findByEmail(tx, project, org, email);
            requireMagicLinksAllowed(org, existing.map(Member::isBreakglass).orElse(false));
            boolean created = existing.isEmpty();
            Member member = existing.orElseGet(() -> {
                OrganizationPolicy.requireEmailJit(org, email);
                return members.createPending(tx, project, org.organizationId(), email);
            });
            boolean login = "active".equals(member.status());
            String redirect = login
                    ? redirects.resolve(RedirectUrlType.LOGIN, r.loginRedirectUrl())
                    : redirects.resolve(RedirectUrlType.SIGNUP, r.signupRedirectUrl());
            send(
                    tx,
                    project,
                    org,
                    member,
                    login ? MagicLinkPurpose.LOGIN : MagicLinkPurpose.SIGNUP,
                    redirect,
                    login ? loginLifetime : signupLifetime,
                    challenge);
            return LoginOrSignupResponse.of(member, created, org);
        });
    }

    /** {@code POST /v1/b2b/magic_links/email/invite}. */
    public InviteResponse invite(Project project, InviteRequest r) {
        requireField(r.organizationId(), "organization_id");
        String email = Emails.normalize(r.emailAddress());
        Duration lifetime = lifetime(r.inviteExpirationMinutes(), DEFAULT_INVITE_MINUTES, "invite_expiration_minutes");
        RedirectPolicy redirects = projects.redirectPolicy(project.projectId());
        String redirect = redirects.resolve(RedirectUrlType.INVITE, r.inviteRedirectUrl());
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, r.organizationId());
            requireInviteAllowed(org, email);
            if (r.invitedByMemberId() != null
                    && members.findById(tx, project, org.organizationId(), r.invitedByMemberId())
                            .isEmpty()) {
                throw new ApiException(
                        ErrorType.MEMBER_NOT_FOUND, "invited_by_member_id is not a member of this organization.");
            }
            Optional<Member> existing = members.findByEmail(tx, project, org.organizationId(), email);
            if (existing.isPresent() && "active".equals(existing.get().status())) {
                throw new ApiException(
                        ErrorType.DUPLICATE_MEMBER_EMAIL,
                        "This email is already an active member of the organization.");
            }
            Member member = existing.isPresent()
                    ? members.markInvited(
                            tx, project, org.organizationId(), existing.get().memberId())
                    : members.createInvited(
                            tx,
                            project,
                            org.organizationId(),
                            email,
                            r.name(),
                            r.trustedMetadata(),
                            r.untrustedMetadata(),
                            r.roles());
            send(tx, project, org, member, MagicLinkPurpose.INVITE, redirect, lifetime, null);
            return InviteResponse.of(member, org);
        });
    }

    /** {@code POST /v1/b2b/magic_links/authenticate}. */
    public AuthenticateMagicLinkResponse authenticate(Project project, AuthenticateMagicLinkRequest r) {
        String token = r.magicLinksToken() != null ? r.magicLinksToken() : r.token();
        requireField(token, "magic_links_token");
        if (r.sessionToken() != null && r.sessionJwt() != null) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Pass at most one of session_token and session_jwt.");
        }
        if (r.sessionDurationMinutes() != null) {
            SessionDurations.validated(r.sessionDurationMinutes());
        }
        SessionArguments args = new SessionArguments(
                r.intermediateSessionToken(),
                r.sessionToken(),
                r.sessionJwt(),
                r.sessionDurationMinutes(),
                r.sessionCustomClaims());
        Completed completed = db.inTransaction(tx -> {
            Instant now = Timestamps.truncate(clock.instant());
            String hash = Tokens.hash(token);
            MagicLink link = store.find(tx, project.projectId(), hash)
                    .filter(l -> l.purpose() != MagicLinkPurpose.DISCOVERY)
                    .orElseThrow(
                            () -> new ApiException(ErrorType.MAGIC_LINK_NOT_FOUND, "The magic link token is unknown."));
            // Checked before the token is spent: a wrong verifier must not burn the link.
            Pkce.check(link.pkceChallenge(), r.pkceCodeVerifier());
            if (!store.consume(tx, project.projectId(), hash, now)) {
                throw unableToAuth();
            }
            Organization org = organizations.resolve(tx, project, link.organizationId());
            ActivatedMember activated = members.activateOnLogin(tx, project, org, link.memberId(), link.emailAddress())
                    .orElseThrow(MagicLinkService::unableToAuth);
            Member member = activated.member();
            AuthenticationFactor factor =
                    AuthenticationFactor.magicLink(activated.emailId(), member.emailAddress(), Timestamps.format(now));
            return new Completed(activated.emailId(), signIn.complete(tx, project, org, member, factor, args));
        });
        return SignInAnswers.magicLink(signIn.finish(project, completed.outcome()), completed.emailId());
    }

    /** A login's outcome and the member's email id, the answer's method id. */
    private record Completed(String emailId, SignInOutcome outcome) {}

    /**
     * {@code POST /v1/b2b/magic_links/email/discovery/send}: a link bound to the email alone (no
     * organization, no member), mailed in the transaction that stores it. Anybody may ask for one:
     * completing it proves control of the mailbox and nothing more; what that email may then do is
     * decided when an organization is chosen.
     */
    public void sendDiscovery(Project project, SendDiscoveryEmailRequest r) {
        String email = Emails.normalize(r.emailAddress());
        Duration lifetime =
                lifetime(r.discoveryExpirationMinutes(), DEFAULT_LOGIN_MINUTES, "discovery_expiration_minutes");
        String challenge = Pkce.validChallenge(r.pkceCodeChallenge());
        String redirect = projects.redirectPolicy(project.projectId())
                .resolve(RedirectUrlType.DISCOVERY, r.discoveryRedirectUrl());
        db.useTransaction(tx -> {
            Instant now = Timestamps.truncate(clock.instant());
            rateLimits.countEmailSend(tx, project, null, email);
            String token = Tokens.newToken();
            store.insert(
                    tx,
                    new MagicLink(
                            project.projectId(),
                            null,
                            null,
                            email,
                            MagicLinkPurpose.DISCOVERY,
                            redirect,
                            challenge,
                            now,
                            now.plus(lifetime),
                            null),
                    Tokens.hash(token));
            mailer.sendDiscovery(tx, project, email, MagicLinkUrls.link(redirect, "discovery", token), lifetime);
        });
    }

    /**
     * Spends a discovery link in the caller's transaction and returns the address it was mailed
     * to. Errors as for organization links: magic_link_not_found for an unknown token (an
     * organization link's token included), unable_to_auth_magic_link once used or expired, and the
     * PKCE errors, which leave the link unspent.
     */
    public String consumeDiscovery(Tx tx, Project project, String token, String pkceVerifier) {
        requireField(token, "discovery_magic_links_token");
        Instant now = Timestamps.truncate(clock.instant());
        String hash = Tokens.hash(token);
        MagicLink link = store.find(tx, project.projectId(), hash)
                .filter(l -> l.purpose() == MagicLinkPurpose.DISCOVERY)
                .orElseThrow(
                        () -> new ApiException(ErrorType.MAGIC_LINK_NOT_FOUND, "The magic link token is unknown."));
        Pkce.check(link.pkceChallenge(), pkceVerifier);
        if (!store.consume(tx, project.projectId(), hash, now)) {
            throw unableToAuth();
        }
        return link.emailAddress();
    }

    /** Expires the member's outstanding links, in the caller's transaction. */
    public void expireForMember(Tx tx, String projectId, String memberId) {
        store.expireForMember(tx, projectId, memberId, Timestamps.truncate(clock.instant()));
    }

    private void send(
            Tx tx,
            Project project,
            Organization org,
            Member member,
            MagicLinkPurpose purpose,
            String redirectUrl,
            Duration lifetime,
            String pkceChallenge) {
        Instant now = Timestamps.truncate(clock.instant());
        String token = Tokens.newToken();
        store.insert(
                tx,
                new MagicLink(
                        project.projectId(),
                        org.organizationId(),
                        member.memberId(),
                        member.emailAddress(),
                        purpose,
                        redirectUrl,
                        pkceChallenge,
                        now,
                        now.plus(lifetime),
                        null),
                Tokens.hash(token));
        mailer.send(
                tx,
                project,
                org,
                member.emailAddress(),
                purpose,
                MagicLinkUrls.link(redirectUrl, "multi_tenant_magic_links", token),
                lifetime);
        // Counted last: the organization's counter row is shared by every send in the organization,
        // and its lock is held until the commit. Taken here, the lock waits out the commit alone,
        // not the rendering and sealing of the mail; a refusal still rolls back all of the above.
        rateLimits.countEmailSend(tx, project, org.organizationId(), member.emailAddress());
    }

    private static void requireMagicLinksAllowed(Organization org, boolean breakglass) {
        if (!OrganizationPolicy.allowsAuthMethod(org, AuthMethod.MAGIC_LINK, breakglass)) {
            throw new ApiException(
                    ErrorType.AUTH_METHOD_NOT_ALLOWED,
                    "This organization does not allow email magic links (auth_methods is RESTRICTED).");
        }
    }

    private static void requireInviteAllowed(Organization org, String email) {
        EmailInvites invites = OrganizationPolicy.emailInvites(org);
        if (invites == EmailInvites.NOT_ALLOWED) {
            throw new ApiException(
                    ErrorType.INVALID_EMAIL_FOR_INVITES, "This organization does not allow email invites.");
        }
        if (invites == EmailInvites.RESTRICTED && !org.emailAllowedDomains().contains(Emails.domainOf(email))) {
            throw new ApiException(
                    ErrorType.INVALID_EMAIL_FOR_INVITES,
                    "Invites are restricted to the organization's allowed domains.");
        }
    }

    private static Duration lifetime(Integer minutes, int fallback, String field) {
        int value = minutes == null ? fallback : minutes;
        if (value < 5 || value > 10_080) {
            throw new ApiException(ErrorType.INVALID_EXPIRATION_MINUTES, field + " must be between 5 and 10080.");
        }
        return Duration.ofMinutes(value);
    }

    private static void requireField(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, name + " is required.");
        }
    }

    private static ApiException unableToAuth() {
        return new ApiException(
                ErrorType.UNABLE_TO_AUTH_MAGIC_LINK,
                "The magic link could not be authenticated: it was already used or has expired.");
    }
}
