package io.latchkey.server.signin;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.ExchangeResponse;
import io.latchkey.api.session.ExchangeSessionRequest;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.session.SessionDurations;
import io.latchkey.server.session.SessionRecord;
import io.latchkey.server.session.SessionService;
import io.latchkey.server.store.Database;
import java.util.List;

/**
 * {@code sessions.exchange}: a member signed in to one organization moves to another one where
 * the same email is a member or invited. Only email-bound factors travel, and they sign in to
 * the target as any login does ({@link SignIn}): where the target does not accept their method
 * or wants a second factor, the answer is an intermediate session instead.
 */
public final class SessionExchangeService {
    private final Database db;
    private final SessionService sessions;
    private final SignIn signIn;
    private final OrganizationService organizations;
    private final MemberService members;

    public SessionExchangeService(
            Database db,
            SessionService sessions,
            SignIn signIn,
            OrganizationService organizations,
            MemberService members) {
        this.db = db;
        this.sessions = sessions;
        this.signIn = signIn;
        this.organizations = organizations;
        this.members = members;
    }

    /** Moves the session; the JWT of the new session is minted after the commit. */
    public ExchangeResponse exchange(Project project, ExchangeSessionRequest r) {
        if (r.organizationId() == null || r.organizationId().isBlank()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "organization_id is required.");
        }
        if (r.sessionToken() == null && r.sessionJwt() == null) {
            throw new ApiException(ErrorType.NO_SESSION_ARGUMENTS, "Pass one of session_token and session_jwt.");
        }
        if (r.sessionToken() != null && r.sessionJwt() != null) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Pass only one of session_token and session_jwt.");
        }
        if (r.sessionDurationMinutes() != null) {
            SessionDurations.validated(r.sessionDurationMinutes());
        }
        SignInOutcome outcome = db.inTransaction(tx -> {
            SessionRecord source = sessions.findAlive(tx, project, r.sessionToken(), r.sessionJwt());
            Member sourceMember = members.findById(tx, project, source.organizationId(), source.memberId())
                    .orElseThrow(SessionService::sessionNotFound);
            Organization target = organizations.resolve(tx, project, r.organizationId());
            Member found = members.findByEmail(tx, project, target.organizationId(), sourceMember.emailAddress())
                    .filter(m -> !"deleted".equals(m.status()))
                    .orElseThrow(() -> new ApiException(
                            ErrorType.NO_MATCHING_MEMBER_FOR_EXCHANGE,
                            "The session's email is not a member of that organization."));
            // Only proofs about the email carry over; a second factor belongs to the old membership.
            List<AuthenticationFactor> factors = source.factors().stream()
                    .filter(f -> f.emailFactor() != null
                            && f.emailFactor().emailAddress().equalsIgnoreCase(found.emailAddress()))
                    .toList();
            if (factors.isEmpty()) {
                throw new ApiException(
                        ErrorType.SESSION_NOT_FOUND,
                        "The session has no factor that can move to another organization.");
            }
            // A method the target refuses verifies and activates nothing there (as discovery's exchange).
            Member member = SignIn.primaryAccepted(target, found, factors)
                    ? members.activateWithVerifiedEmail(tx, project, target.organizationId(), found.memberId())
                    : found;
            return signIn.withFactors(
                    tx, project, target, member, factors, r.sessionDurationMinutes(), r.sessionCustomClaims());
        });
        return SignInAnswers.exchange(signIn.finish(project, outcome));
    }
}
