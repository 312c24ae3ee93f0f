package io.latchkey.server.password;

import static io.latchkey.server.password.PasswordRules.answer;
import static io.latchkey.server.password.PasswordRules.passwordFactor;
import static io.latchkey.server.password.PasswordRules.requireField;
import static io.latchkey.server.password.PasswordRules.requireOneSession;
import static io.latchkey.server.password.PasswordRules.requirePasswordsAllowed;
import static io.latchkey.server.password.PasswordRules.unauthorized;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.password.AuthenticateRequest;
import io.latchkey.api.password.PasswordLoginResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInOutcome;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code passwords.authenticate}, and the password check it shares with the reset by the old
 * password: the hash is checked outside any transaction, then re-read under lock in the one that
 * signs in. Thread-safe.
 */
final class PasswordLogin {
    private final Database db;
    private final PasswordStore store;
    private final PasswordHasher hasher;
    private final OrganizationService organizations;
    private final MemberService members;
    private final SignIn signIn;
    private final Clock clock;

    PasswordLogin(
            Database db,
            PasswordStore store,
            PasswordHasher hasher,
            OrganizationService organizations,
            MemberService members,
            SignIn signIn,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.hasher = hasher;
        this.organizations = organizations;
        this.members = members;
        this.signIn = signIn;
        this.clock = clock;
    }

    /** What a password check established: the organization, the member and the hash it matched. */
    record Verified(Organization org, String memberId, String checkedHash, StoredHash upgraded) {}

    /** {@code POST /v1/b2b/passwords/authenticate}. */
    PasswordLoginResponse authenticate(Project project, AuthenticateRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.emailAddress(), "email_address");
        requireField(r.password(), "password");
        PasswordStrength.requireUsable(r.password());
        String email = Emails.normalize(r.emailAddress());
        SessionArguments args = new SessionArguments(
                r.intermediateSessionToken(),
                r.sessionToken(),
                r.sessionJwt(),
                r.sessionDurationMinutes(),
                r.sessionCustomClaims());
        requireOneSession(args);
        Verified v = verify(project, r.organizationId(), email, r.password());
        SignInOutcome outcome = db.inTransaction(tx -> {
            Member member = relock(tx, project, v);
            signIn.requireContinuable(tx, project, v.org(), member, args);
            return signIn.complete(tx, project, v.org(), member, passwordFactor(clock, null, null), args);
        });
        return answer(signIn.finish(project, outcome), null);
    }

    /**
     * Reads the member's hash, checks the password on the hashing pool (against a dummy when there
     * is no member or no password, so the time says nothing), and refuses anything but a match with
     * unauthorized_credentials, then a required reset with reset_password.
     */
    Verified verify(Project project, String organizationRef, String email, String password) {
        record Found(Organization org, Member member, PasswordRecord password) {}
        Found found = db.read(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            Optional<Member> member = members.findByEmail(tx, project, org, email);
            requirePasswordsAllowed(org, member.map(Member::isBreakglass).orElse(false));
            Optional<PasswordRecord> pw = member.flatMap(m -> store.find(tx, project.projectId(), m.memberId()));
            return new Found(org, member.orElse(null), pw.orElse(null));
        });
        PasswordHasher.Checked checked = hasher.check(
                password, found.password() == null ? null : found.password().hash());
        if (!checked.matches()) {
            // Counted against the email in the organization too, member or not: what is guessed is
            // the pair, and an unknown email must cost the same as a wrong password.
            throw unauthorized().afterCodeCheck();
        }
        if (found.password().resetRequired()) {
            throw new ApiException(
                    ErrorType.RESET_PASSWORD,
                    "This member must reset their password (passwords.email.reset.start) before logging in with one.");
        }
        return new Verified(
                found.org(), found.member().memberId(), found.password().hash().hash(), checked.upgraded());
    }

    /**
     * In the login's transaction: the password checked is still the member's (a reset in between
     * makes the old one useless), stored upgraded when it was made otherwise than with the current
     * parameters, and the member still there.
     */
    Member relock(Tx tx, Project project, Verified v) {
        PasswordRecord row = store.findForUpdate(tx, project.projectId(), v.memberId())
                .filter(p -> Tokens.constantTimeEquals(p.hash().hash(), v.checkedHash()) && !p.resetRequired())
                .orElseThrow(PasswordRules::unauthorized);
        Member member = members.findById(tx, project, v.org(), v.memberId()).orElseThrow(PasswordRules::unauthorized);
        if (v.upgraded() != null) {
            store.upgrade(
                    tx,
                    project.projectId(),
                    row.memberId(),
                    v.checkedHash(),
                    v.upgraded(),
                    Timestamps.truncate(clock.instant()));
        }
        return member;
    }
}
