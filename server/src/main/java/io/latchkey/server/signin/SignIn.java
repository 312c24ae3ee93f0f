package io.latchkey.server.signin;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.Project;
import io.latchkey.server.session.NewSession;
import io.latchkey.server.session.SessionRecord;
import io.latchkey.server.session.SessionService;
import io.latchkey.server.signin.SignInOutcome.Authenticated;
import io.latchkey.server.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way a login ends. Every login method checks its own factor and then calls {@link
 * #complete}, which joins the intermediate session or session the call continues, asks the
 * organization whether the factors are enough ({@link OrganizationFit}: an accepted primary
 * method, and a second factor where MFA is due), and writes a session or an intermediate session
 * in the caller's transaction. {@link #finish} mints the JWT after the commit. Thread-safe.
 *
 * <p>Primary factors (magic links, email OTP) may continue an intermediate session of the same
 * address bound to the organization or to none (discovery), and add themselves to a session of
 * the member when one is presented. Second factors (SMS OTP, TOTP, recovery codes) continue
 * exactly one intermediate session or session of the member, and an intermediate session only
 * once it holds a primary factor the organization accepts.
 */
public final class SignIn {
    private final SessionService sessions;
    private final IntermediateSessionService intermediateSessions;

    public SignIn(SessionService sessions, IntermediateSessionService intermediateSessions) {
        this.sessions = sessions;
        this.intermediateSessions = intermediateSessions;
    }

    /**
     * Completes a login with {@code factor}, already checked by the caller, in the caller's
     * transaction. A second factor that still leaves the organization unsatisfied is refused rather
     * than answered with a new intermediate session: its endpoints have no such answer.
     *
     * @throws ApiException intermediate_session_not_found,
     *     invalid_intermediate_session_token_for_organization, session_not_found (second factors),
     *     action_available_only_once_primary_authentication_is_met and insufficient_factors (second
     *     factors)
     */
    public SignInOutcome complete(
            Tx tx,
            Project project,
            Organization org,
            Member member,
            AuthenticationFactor factor,
            SessionArguments args) {
        boolean second = MfaRequirement.isSecondFactor(factor);
        List<AuthenticationFactor> factors = new ArrayList<>();
        if (args.hasIntermediateSession()) {
            IntermediateSession ist = intermediateSessions.consume(tx, project, args.intermediateSessionToken());
            if (second) {
                requireMembers(ist, org, member);
                requirePrimaryMet(org, member, ist.factors());
            } else {
                requireSameLogin(ist, org, member);
            }
            ist.factors().stream().filter(f -> !sameKind(f, factor)).forEach(factors::add);
        } else if (second) {
            membersSession(tx, project, member, args);
        }
        factors.add(factor);
        if (!second || !args.hasIntermediateSession()) {
            // A session of this member gains the factor; for a primary factor another's is ignored.
            Optional<NewSession> attached = sessions.attachFactor(
                    tx,
                    project,
                    args.sessionToken(),
                    args.sessionJwt(),
                    member,
                    org,
                    factor,
                    args.sessionDurationMinutes(),
                    args.sessionCustomClaims());
            if (attached.isPresent()) {
                return new Authenticated(attached.get(), null);
            }
            if (second) {
                throw sessionNotFound();
            }
        }
        SignInOutcome outcome = withFactors(
                tx, project, org, member, factors, args.sessionDurationMinutes(), args.sessionCustomClaims());
        if (second && !(outcome instanceof Authenticated)) {
            throw new ApiException(
                    ErrorType.INSUFFICIENT_FACTORS, "This factor does not satisfy the organization's MFA requirement.");
        }
        return outcome;
    }

    /**
     * Signs {@code member} in with {@code factors} gathered elsewhere (a session moved from another
     * organization, a discovery intermediate session): a session when the organization accepts
     * them, else an intermediate session bound to the organization saying what is missing.
     */
    public SignInOutcome withFactors(
            Tx tx,
            Project project,
            Organization org,
            Member member,
            List<AuthenticationFactor> factors,
            Integer sessionDurationMinutes,
            Map<String, Object> sessionCustomClaims) {
        OrganizationFit fit = OrganizationFit.of(org, member, factors);
        if (fit.memberAuthenticated()) {
            return new Authenticated(
                    sessions.create(tx, project, member, org, factors, sessionDurationMinutes, sessionCustomClaims),
                    null);
        }
        IssuedIntermediateSession ist = intermediateSessions.issue(
                tx, project, org.organizationId(), member.memberId(), member.emailAddress(), factors);
        if (fit.primaryRequired() != null) {
            return new SignInOutcome.PrimaryRequired(member, org, ist, fit.primaryRequired(), fit.mfaRequired());
        }
        return new SignInOutcome.MfaRequired(member, org, ist, fit.mfaRequired());
    }

    /** True when {@code factors} hold a primary factor the organization accepts of {@code member} (null: none yet). */
    public static boolean primaryAccepted(Organization org, Member member, List<AuthenticationFactor> factors) {
        return OrganizationFit.of(org, member, factors).primaryRequired() == null;
    }

    /** The outcome with its session's JWT minted; call after the transaction committed. */
    public SignInOutcome finish(Project project, SignInOutcome outcome) {
        if (outcome instanceof Authenticated a) {
            return new Authenticated(a.session(), sessions.mint(project, a.session()));
        }
        return outcome;
    }

    /**
     * Before a primary factor's guess is checked: the intermediate session the call continues (if
     * any) is usable and of the same login. Consumes nothing.
     *
     * @throws ApiException intermediate_session_not_found,
     *     invalid_intermediate_session_token_for_organization
     */
    public void requireContinuable(Tx tx, Project project, Organization org, Member member, SessionArguments args) {
        if (args.hasIntermediateSession()) {
            requireSameLogin(intermediateSessions.find(tx, project, args.intermediateSessionToken()), org, member);
        }
    }

    /**
     * Before a second factor's guess is checked, or a second factor is added: the intermediate
     * session or session named in {@code args} (if any) is the member's, and an intermediate session
     * holds a primary factor the organization accepts. Consumes nothing.
     *
     * @return the factors the intermediate session or session carries (none when neither is given)
     * @throws ApiException intermediate_session_not_found,
     *     invalid_intermediate_session_token_for_organization,
     *     action_available_only_once_primary_authentication_is_met, session_not_found
     */
    public List<AuthenticationFactor> presented(
            Tx tx, Project project, Organization org, Member member, SessionArguments args) {
        if (args.hasIntermediateSession()) {
            IntermediateSession ist = intermediateSessions.find(tx, project, args.intermediateSessionToken());
            requireMembers(ist, org, member);
            requirePrimaryMet(org, member, ist.factors());
            return ist.factors();
        }
        if (args.hasSession()) {
            return membersSession(tx, project, member, args).factors();
        }
        return List.of();
    }

    // ---------------------------------------------------------------- internals

    /**
     * An intermediate session handed out because the organization refused its primary factor
     * (discovery, sessions.exchange) may lead only to an accepted primary method, never to a
     * session through a second factor or to a new one.
     */
    private static void requirePrimaryMet(Organization org, Member member, List<AuthenticationFactor> factors) {
        if (!primaryAccepted(org, member, factors)) {
            throw new ApiException(
                    ErrorType.PRIMARY_AUTHENTICATION_REQUIRED,
                    "The intermediate session holds no primary factor this organization accepts: complete one of its"
                            + " allowed_auth_methods with it first.");
        }
    }

    /** An intermediate session of the same address, bound to this organization or to none (discovery). */
    private static void requireSameLogin(IntermediateSession ist, Organization org, Member member) {
        if (!member.emailAddress().equalsIgnoreCase(ist.emailAddress())
                || (ist.organizationId() != null && !ist.organizationId().equals(org.organizationId()))) {
            throw new ApiException(
                    ErrorType.INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION,
                    "The intermediate_session_token belongs to another member or organization.");
        }
    }

    /**
     * A second factor continues only its own member's login into its own organization; a discovery
     * intermediate session (bound to an email only) must first be exchanged for an organization.
     */
    private static void requireMembers(IntermediateSession ist, Organization org, Member member) {
        if (!org.organizationId().equals(ist.organizationId())
                || !member.memberId().equals(ist.memberId())) {
            throw new ApiException(
                    ErrorType.INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION,
                    "The intermediate_session_token belongs to another member or organization.");
        }
    }

    private SessionRecord membersSession(Tx tx, Project project, Member member, SessionArguments args) {
        SessionRecord session = sessions.findAlive(tx, project, args.sessionToken(), args.sessionJwt());
        if (!session.memberId().equals(member.memberId())) {
            throw sessionNotFound();
        }
        return session;
    }

    /** Same type and delivery method: a newer one replaces the older in a session. */
    private static boolean sameKind(AuthenticationFactor a, AuthenticationFactor b) {
        return a.type().equals(b.type()) && a.deliveryMethod().equals(b.deliveryMethod());
    }

    private static ApiException sessionNotFound() {
        return new ApiException(
                ErrorType.SESSION_NOT_FOUND,
                "No live session of this member matches the session_token or session_jwt.");
    }
}
