package io.latchkey.server.discovery;

import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkRequest;
import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkResponse;
import io.latchkey.api.discovery.CreateOrganizationViaDiscoveryRequest;
import io.latchkey.api.discovery.DiscoveredOrganization;
import io.latchkey.api.discovery.ExchangeIntermediateSessionRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsResponse;
import io.latchkey.api.discovery.Membership;
import io.latchkey.api.discovery.SendDiscoveryEmailRequest;
import io.latchkey.api.discovery.SendDiscoveryEmailResponse;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.CreateOrganizationRequest;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.EmailFactor;
import io.latchkey.api.session.ExchangeResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.RoleIds;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.magiclink.MagicLinkService;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationPolicy;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.session.SessionDurations;
import io.latchkey.server.session.SessionRecord;
import io.latchkey.server.session.SessionService;
import io.latchkey.server.signin.IntermediateSession;
import io.latchkey.server.signin.IntermediateSessionService;
import io.latchkey.server.signin.IssuedIntermediateSession;
import io.latchkey.server.signin.OrganizationFit;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInAnswers;
import io.latchkey.server.signin.SignInOutcome;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Discovery: logging in by email before an organization is chosen. A discovery magic link proves
 * the mailbox and yields an intermediate session bound to the email only; with it the caller
 * lists the organizations the email can go to, then joins one (its membership, an invite, or
 * sign-up by email domain) or creates a new one. Thread-safe.
 *
 * <p>Joining and creating end as every login does, in {@link SignIn}: when the organization
 * refuses the primary method or wants a second factor, the answer is an intermediate session
 * bound to the organization. Listing asks the same {@link OrganizationFit}, so what the list
 * promises is what the exchange does.
 * Refused calls roll back entirely: the intermediate session stays usable and nothing is created.
 */
public final class DiscoveryService {
    private final Database db;
    private final MagicLinkService magicLinks;
    private final IntermediateSessionService intermediateSessions;
    private final SignIn signIn;
    private final SessionService sessions;
    private final OrganizationService organizations;
    private final MemberService members;
    private final Clock clock;

    public DiscoveryService(
            Database db,
            MagicLinkService magicLinks,
            IntermediateSessionService intermediateSessions,
            SignIn signIn,
            SessionService sessions,
            OrganizationService organizations,
            MemberService members,
            Clock clock) {
        this.db = db;
        this.magicLinks = magicLinks;
        this.intermediateSessions = intermediateSessions;
        this.signIn = signIn;
        this.sessions = sessions;
        this.organizations = organizations;
        this.members = members;
        this.clock = clock;
    }

    /** {@code POST /v1/b2b/magic_links/email/discovery/send}. */
    public SendDiscoveryEmailResponse send(Project project, SendDiscoveryEmailRequest r) {
        magicLinks.sendDiscovery(project, r);
        return SendDiscoveryEmailResponse.ok();
    }

    /** {@code POST /v1/b2b/magic_links/discovery/authenticate}. */
    public AuthenticateDiscoveryMagicLinkResponse authenticate(
            Project project, AuthenticateDiscoveryMagicLinkRequest r) {
        return db.inTransaction(tx -> {
            String email = magicLinks.consumeDiscovery(tx, project, r.discoveryMagicLinksToken(), r.pkceCodeVerifier());
            AuthenticationFactor factor = AuthenticationFactor.magicLink(
                    DiscoveryEmails.emailId(project, email),
                    email,
                    Timestamps.format(Timestamps.truncate(clock.instant())));
            IssuedIntermediateSession ist = intermediateSessions.issue(tx, project, null, null, email, List.of(factor));
            List<DiscoveredOrganization> found = discover(tx, project, new Proof(email, null, List.of(factor)), true);
            return AuthenticateDiscoveryMagicLinkResponse.of(
                    ist.token(), Timestamps.format(ist.expiresAt()), email, found);
        });
    }

    /** An intermediate session bound to an email only, and the organizations the email can go to. */
    public record Discovered(
            IssuedIntermediateSession intermediateSession, List<DiscoveredOrganization> organizations) {}

    /**
     * Ends a discovery login proven by {@code factor} by another feature (a password, an emailed
     * password reset), in the caller's transaction, as a discovery magic link ends.
     */
    public Discovered discovered(Tx tx, Project project, String email, AuthenticationFactor factor) {
        IssuedIntermediateSession ist = intermediateSessions.issue(tx, project, null, null, email, List.of(factor));
        return new Discovered(ist, discover(tx, project, new Proof(email, null, List.of(factor)), true));
    }

    /** The email_id a discovery factor names for {@code email}: stable, with nothing stored. */
    public static String emailId(Project project, String email) {
        return DiscoveryEmails.emailId(project, email);
    }

    /**
     * {@code POST /v1/b2b/discovery/organizations}: does not consume the token. A member session
     * lists memberships only (joining by domain is for intermediate sessions, via the exchange).
     */
    public ListDiscoveredOrganizationsResponse list(Project project, ListDiscoveredOrganizationsRequest r) {
        long given = Stream.of(r.intermediateSessionToken(), r.sessionToken(), r.sessionJwt())
                .filter(Objects::nonNull)
                .count();
        if (given == 0) {
            throw new ApiException(
                    ErrorType.NO_SESSION_ARGUMENTS,
                    "Pass one of intermediate_session_token, session_token and session_jwt.");
        }
        if (given > 1) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS,
                    "Pass only one of intermediate_session_token, session_token and session_jwt.");
        }
        return db.read(tx -> {
            if (r.intermediateSessionToken() != null) {
                IntermediateSession ist = intermediateSessions.find(tx, project, r.intermediateSessionToken());
                Proof proof = new Proof(ist.emailAddress(), ist.organizationId(), ist.factors());
                return ListDiscoveredOrganizationsResponse.of(
                        ist.emailAddress(), discover(tx, project, proof, true), ist.organizationId());
            }
            SessionRecord session = sessions.findAlive(tx, project, r.sessionToken(), r.sessionJwt());
            Member member = members.findById(tx, project, session.organizationId(), session.memberId())
                    .orElseThrow(() ->
                            new ApiException(ErrorType.SESSION_NOT_FOUND, "Session not found, expired or revoked."));
            Proof proof = new Proof(member.emailAddress(), session.organizationId(), session.factors());
            // A session lists its own memberships, so there is no organization to hint at.
            return ListDiscoveredOrganizationsResponse.of(
                    member.emailAddress(), discover(tx, project, proof, false), null);
        });
    }

    /**
     * {@code POST /v1/b2b/discovery/intermediate_sessions/exchange}: consumes the intermediate
     * session and joins the organization, by an existing membership or invite, or by email domain.
     */
    public ExchangeResponse exchange(Project project, ExchangeIntermediateSessionRequest r) {
        requireField(r.intermediateSessionToken(), "intermediate_session_token");
        requireField(r.organizationId(), "organization_id");
        if (r.sessionDurationMinutes() != null) {
            SessionDurations.validated(r.sessionDurationMinutes());
        }
        SignInOutcome outcome = db.inTransaction(tx -> {
            // Consumed first: a concurrent second exchange of the same token waits here and then fails.
            IntermediateSession ist = intermediateSessions.consume(tx, project, r.intermediateSessionToken());
            Organization org = organizations.resolve(tx, project, r.organizationId());
            Proof proof = new Proof(ist.emailAddress(), ist.organizationId(), ist.factors());
            List<AuthenticationFactor> factors = proof.factorsFor(org.organizationId());
            String email = ist.emailAddress();
            Optional<Member> existing = members.findByEmail(tx, project, org.organizationId(), email);
            // A discovery password proves the memberships it was set on, not the mailbox: it opens an
            // existing membership as it is (nothing verified or activated), and joins nothing new.
            boolean byPassword = existing.isPresent()
                    && !proof.verifiesEmail(factors)
                    && factors.stream().anyMatch(f -> "password".equals(f.type()));
            if (!byPassword) {
                requireVerifiedEmail(proof, factors);
            }
            if (existing.isEmpty()) {
                requireJoinableByDomain(tx, project, org, email);
            }
            Member member;
            if (byPassword) {
                member = existing.get();
            } else if (!SignIn.primaryAccepted(org, existing.orElse(null), factors)) {
                // The organization does not accept this way of logging in: nothing is verified or
                // activated. Joining by domain leaves a pending member (as a sign-up link would) for
                // the accepted method to complete with the intermediate session returned.
                member = existing.orElseGet(() -> members.createPending(tx, project, org.organizationId(), email));
            } else {
                member = existing.isPresent()
                        ? members.activateWithVerifiedEmail(
                                tx,
                                project,
                                org.organizationId(),
                                existing.get().memberId())
                        : members.createVerified(tx, project, org.organizationId(), email, null);
            }
            return signIn.withFactors(
                    tx,
                    project,
                    org,
                    member,
                    withMemberEmailId(tx, project, member, factors),
                    r.sessionDurationMinutes(),
                    r.sessionCustomClaims());
        });
        return SignInAnswers.exchange(signIn.finish(project, outcome));
    }

    /**
     * {@code POST /v1/b2b/discovery/organizations/create}: consumes the intermediate session,
     * creates the organization and its creator as an active, verified {@code stytch_admin}.
     */
    public ExchangeResponse createOrganization(Project project, CreateOrganizationViaDiscoveryRequest r) {
        requireField(r.intermediateSessionToken(), "intermediate_session_token");
        if (r.sessionDurationMinutes() != null) {
            SessionDurations.validated(r.sessionDurationMinutes());
        }
        SignInOutcome outcome = db.inTransaction(tx -> {
            IntermediateSession ist = intermediateSessions.consume(tx, project, r.intermediateSessionToken());
            Proof proof = new Proof(ist.emailAddress(), ist.organizationId(), ist.factors());
            // A new organization is nobody's yet: only proofs about the email carry into it.
            List<AuthenticationFactor> factors = proof.emailFactors();
            requireVerifiedEmail(proof, factors);
            String seed = DiscoveryEmails.organizationSeed(ist.emailAddress());
            Organization org = organizations.create(tx, project, organizationRequest(r, seed), seed);
            Member member = members.createVerified(
                    tx, project, org.organizationId(), ist.emailAddress(), List.of(RoleIds.ADMIN));
            return signIn.withFactors(
                    tx,
                    project,
                    org,
                    member,
                    withMemberEmailId(tx, project, member, factors),
                    r.sessionDurationMinutes(),
                    r.sessionCustomClaims());
        });
        return SignInAnswers.exchange(signIn.finish(project, outcome));
    }

    // ---------------------------------------------------------------- internals

    /** The organizations the proof's email can go to: memberships first, then those open by domain. */
    private List<DiscoveredOrganization> discover(Tx tx, Project project, Proof proof, boolean includeEligible) {
        List<DiscoveredOrganization> out = new ArrayList<>();
        Set<String> memberOf = new HashSet<>();
        for (Member m : members.listByEmailAcrossOrganizations(tx, project, proof.email())) {
            Organization org = organizations.resolve(tx, project, m.organizationId());
            memberOf.add(org.organizationId());
            OrganizationFit fit = OrganizationFit.of(org, m, proof.factorsFor(org.organizationId()));
            out.add(fit.discovered(org, new Membership(membershipType(m), null, m)));
        }
        if (!includeEligible) {
            return out;
        }
        String domain = Emails.domainOf(proof.email());
        for (Organization org : organizations.listWithAllowedEmailDomain(tx, project, domain)) {
            if (!memberOf.contains(org.organizationId()) && joinableByDomain(tx, project, org, domain)) {
                OrganizationFit fit = OrganizationFit.of(org, null, proof.factorsFor(org.organizationId()));
                out.add(fit.discovered(
                        org,
                        new Membership(Membership.ELIGIBLE_TO_JOIN_BY_EMAIL_DOMAIN, Map.of("domain", domain), null)));
            }
        }
        return out;
    }

    private static String membershipType(Member m) {
        return switch (m.status()) {
            case "pending" -> Membership.PENDING_MEMBER;
            case "invited" -> Membership.INVITED_MEMBER;
            default -> Membership.ACTIVE_MEMBER;
        };
    }

    /**
     * Sign-up by email domain: the organization allows it, lists the domain, and already has a
     * member with a verified address there. The last condition (from the SDK's documentation)
     * keeps a stranger who lists somebody else's domain from collecting that company's people.
     */
    private boolean joinableByDomain(Tx tx, Project project, Organization org, String domain) {
        return OrganizationPolicy.emailJitByDomain(org)
                && org.emailAllowedDomains().contains(domain)
                && members.hasVerifiedMemberAtDomain(tx, project, org.organizationId(), domain);
    }

    /** {@link #joinableByDomain} with the reason as the contract's error when it is not. */
    private void requireJoinableByDomain(Tx tx, Project project, Organization org, String email) {
        String domain = Emails.domainOf(email);
        if (!OrganizationPolicy.emailJitByDomain(org)) {
            throw new ApiException(
                    ErrorType.EMAIL_JIT_PROVISIONING_NOT_ALLOWED,
                    "This email is not a member of the organization, which does not allow joining by email domain.");
        }
        if (!org.emailAllowedDomains().contains(domain)) {
            throw new ApiException(
                    ErrorType.INVALID_EMAIL_FOR_JIT_PROVISIONING,
                    "This email's domain is not among the organization's allowed domains.");
        }
        if (!members.hasVerifiedMemberAtDomain(tx, project, org.organizationId(), domain)) {
            throw new ApiException(
                    ErrorType.INVALID_EMAIL_FOR_JIT_PROVISIONING,
                    "Joining by email domain needs a member of the organization with a verified address at that domain.");
        }
    }

    private static void requireVerifiedEmail(Proof proof, List<AuthenticationFactor> factors) {
        if (!proof.verifiesEmail(factors)) {
            throw new ApiException(
                    ErrorType.INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION,
                    "The intermediate session holds no proof of its email address that can be used here.");
        }
    }

    /**
     * The member's own email id in its email factors: a discovery factor carries an id derived
     * from the address, but a session's factors name the member's email, as any other login does.
     */
    private List<AuthenticationFactor> withMemberEmailId(
            Tx tx, Project project, Member member, List<AuthenticationFactor> factors) {
        Optional<String> emailId = members.emailFactorId(tx, project, member.memberId());
        if (emailId.isEmpty()) {
            return factors;
        }
        return factors.stream()
                .map(f -> f.emailFactor() == null
                                || !f.emailFactor().emailAddress().equalsIgnoreCase(member.emailAddress())
                        ? f
                        : new AuthenticationFactor(
                                f.type(),
                                f.deliveryMethod(),
                                f.lastAuthenticatedAt(),
                                f.createdAt(),
                                f.updatedAt(),
                                new EmailFactor(emailId.get(), member.emailAddress()),
                                f.phoneNumberFactor(),
                                f.authenticatorAppFactor(),
                                f.recoveryCodeFactor()))
                .toList();
    }

    private static CreateOrganizationRequest organizationRequest(CreateOrganizationViaDiscoveryRequest r, String seed) {
        String name = r.organizationName() == null || r.organizationName().isBlank() ? seed : r.organizationName();
        return new CreateOrganizationRequest(
                name,
                r.organizationSlug(),
                r.organizationLogoUrl(),
                r.trustedMetadata(),
                r.organizationExternalId(),
                r.ssoJitProvisioning(),
                r.emailAllowedDomains(),
                r.emailJitProvisioning(),
                r.emailInvites(),
                r.authMethods(),
                r.allowedAuthMethods(),
                r.mfaPolicy(),
                r.rbacEmailImplicitRoleAssignments(),
                r.mfaMethods(),
                r.allowedMfaMethods(),
                r.oauthTenantJitProvisioning(),
                r.allowedOauthTenants(),
                null,
                r.firstPartyConnectedAppsAllowedType(),
                r.allowedFirstPartyConnectedApps(),
                r.thirdPartyConnectedAppsAllowedType(),
                r.allowedThirdPartyConnectedApps());
    }

    private static void requireField(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, name + " is required.");
        }
    }
}
