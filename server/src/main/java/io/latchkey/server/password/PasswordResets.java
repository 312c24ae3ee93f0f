package io.latchkey.server.password;

import static io.latchkey.server.password.PasswordRules.RESET_TOKEN_TYPE;
import static io.latchkey.server.password.PasswordRules.answer;
import static io.latchkey.server.password.PasswordRules.blankToNull;
import static io.latchkey.server.password.PasswordRules.lifetime;
import static io.latchkey.server.password.PasswordRules.passwordFactor;
import static io.latchkey.server.password.PasswordRules.redirect;
import static io.latchkey.server.password.PasswordRules.requireField;
import static io.latchkey.server.password.PasswordRules.requireOneSession;
import static io.latchkey.server.password.PasswordRules.requirePasswordsAllowed;
import static io.latchkey.server.password.PasswordRules.unableToAuth;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.password.ExistingPasswordResetRequest;
import io.latchkey.api.password.PasswordLoginResponse;
import io.latchkey.api.password.ResetRequest;
import io.latchkey.api.password.ResetStartRequest;
import io.latchkey.api.password.ResetStartResponse;
import io.latchkey.api.password.SessionResetRequest;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.magiclink.MagicLinkUrls;
import io.latchkey.server.magiclink.Pkce;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.mail.MailTemplates;
import io.latchkey.server.member.ActivatedMember;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.session.SessionRecord;
import io.latchkey.server.session.SessionService;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInOutcome;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Setting a member's password in one organization: by an emailed reset link, by the old password,
 * or from a live session; each signs in afterwards. The new password is hashed before the
 * transaction that sets it. Thread-safe.
 */
final class PasswordResets {
    private final Database db;
    private final PasswordStore store;
    private final PasswordHasher hasher;
    private final PasswordLogin login;
    private final PasswordWriter writer;
    private final ProjectService projects;
    private final OrganizationService organizations;
    private final MemberService members;
    private final SessionService sessions;
    private final SignIn signIn;
    private final MailService mail;
    private final RateLimitService rateLimits;
    private final Clock clock;

    PasswordResets(
            Database db,
            PasswordStore store,
            PasswordHasher hasher,
            PasswordLogin login,
            PasswordWriter writer,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            SessionService sessions,
            SignIn signIn,
            MailService mail,
            RateLimitService rateLimits,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.hasher = hasher;
        this.login = login;
        this.writer = writer;
        this.projects = projects;
        this.organizations = organizations;
        this.members = members;
        this.sessions = sessions;
        this.signIn = signIn;
        this.mail = mail;
        this.rateLimits = rateLimits;
        this.clock = clock;
    }

    private record Completed(String emailId, SignInOutcome outcome) {}

    /** {@code POST /v1/b2b/passwords/existing_password/reset}: the old password proves the member. */
    PasswordLoginResponse resetExisting(Project project, ExistingPasswordResetRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.emailAddress(), "email_address");
        requireField(r.existingPassword(), "existing_password");
        requireField(r.newPassword(), "new_password");
        String email = Emails.normalize(r.emailAddress());
        PasswordStrength.requireUsable(r.existingPassword());
        PasswordStrength.requireStrong(r.newPassword(), email);
        SessionArguments args = new SessionArguments(
                null, r.sessionToken(), r.sessionJwt(), r.sessionDurationMinutes(), r.sessionCustomClaims());
        requireOneSession(args);
        PasswordLogin.Verified v = login.verify(project, r.organizationId(), email, r.existingPassword());
        StoredHash fresh = hasher.hash(r.newPassword());
        SignInOutcome outcome = db.inTransaction(tx -> {
            Member member = login.relock(tx, project, v);
            member = writer.setPassword(tx, project, v.org(), member, fresh);
            return signIn.complete(tx, project, v.org(), member, passwordFactor(clock, null, null), args);
        });
        return answer(signIn.finish(project, outcome), null);
    }

    /** {@code POST /v1/b2b/passwords/session/reset}: a live session of the member sets a new password. */
    PasswordLoginResponse resetFromSession(Project project, SessionResetRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.password(), "password");
        PasswordStrength.requireUsable(r.password());
        SessionArguments args = new SessionArguments(
                        null, r.sessionToken(), r.sessionJwt(), r.sessionDurationMinutes(), r.sessionCustomClaims())
                .requireExactlyOne();
        // The session's owner is read first only to check the new password against its email.
        Member owner = db.read(tx -> sessionMember(tx, project, r.organizationId(), args));
        PasswordStrength.requireStrong(r.password(), owner.emailAddress());
        StoredHash fresh = hasher.hash(r.password());
        SignInOutcome outcome = db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, r.organizationId());
            Member member = sessionMember(tx, project, org.organizationId(), args);
            requirePasswordsAllowed(org, member.isBreakglass());
            member = writer.setPassword(tx, project, org, member, fresh);
            return signIn.complete(tx, project, org, member, passwordFactor(clock, null, null), args);
        });
        return answer(signIn.finish(project, outcome), null);
    }

    /** {@code POST /v1/b2b/passwords/email/reset/start}. */
    ResetStartResponse resetStart(Project project, ResetStartRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.emailAddress(), "email_address");
        String email = Emails.normalize(r.emailAddress());
        Duration lifetime = lifetime(r.resetPasswordExpirationMinutes());
        String challenge = Pkce.validChallenge(blankToNull(r.codeChallenge()));
        String redirect = redirect(projects.redirectPolicy(project.projectId()), r.resetPasswordRedirectUrl());
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, r.organizationId());
            Member member = members.findByEmail(tx, project, org, email)
                    .orElseThrow(() -> new ApiException(
                            ErrorType.MEMBER_NOT_FOUND, "No member of the organization has this email."));
            requirePasswordsAllowed(org, member.isBreakglass());
            String emailId =
                    members.emailFactorId(tx, project, member.memberId()).orElse("");
            Instant now = Timestamps.truncate(clock.instant());
            String token = Tokens.newToken();
            store.insertReset(
                    tx,
                    project.projectId(),
                    Tokens.hash(token),
                    new PasswordReset(
                            org.organizationId(),
                            member.memberId(),
                            member.emailAddress(),
                            redirect,
                            challenge,
                            now,
                            now.plus(lifetime),
                            null));
            mail.queueEmail(
                    tx,
                    project.projectId(),
                    member.emailAddress(),
                    MailTemplates.RESET_PASSWORD,
                    Map.of(
                            MailTemplates.ORGANIZATION_NAME, org.organizationName(),
                            MailTemplates.LINK, MagicLinkUrls.link(redirect, RESET_TOKEN_TYPE, token),
                            MailTemplates.EMAIL, member.emailAddress(),
                            MailTemplates.EXPIRATION_MINUTES, Long.toString(lifetime.toMinutes())));
            rateLimits.countEmailSend(tx, project, org.organizationId(), member.emailAddress());
            return ResetStartResponse.of(member, emailId);
        });
    }

    /** {@code POST /v1/b2b/passwords/email/reset}: spends the emailed link, sets the password, signs in. */
    PasswordLoginResponse reset(Project project, ResetRequest r) {
        requireField(r.passwordResetToken(), "password_reset_token");
        requireField(r.password(), "password");
        PasswordStrength.requireUsable(r.password());
        SessionArguments args = new SessionArguments(
                r.intermediateSessionToken(),
                r.sessionToken(),
                r.sessionJwt(),
                r.sessionDurationMinutes(),
                r.sessionCustomClaims());
        requireOneSession(args);
        String tokenHash = Tokens.hash(r.passwordResetToken());
        // The link is looked at (not spent) first: the new password is checked against its address,
        // and hashed, before the transaction that spends it.
        PasswordReset link = db.read(tx -> findReset(tx, project, tokenHash));
        // A spent or expired link is refused before the new password is hashed: hashing is the
        // costly part, and a dead link must not buy any of it.
        if (!link.usableAt(Timestamps.truncate(clock.instant()))) {
            throw unableToAuth();
        }
        PasswordStrength.requireStrong(r.password(), link.emailAddress());
        StoredHash fresh = hasher.hash(r.password());
        Completed completed = db.inTransaction(tx -> {
            PasswordReset l = findReset(tx, project, tokenHash);
            // Checked before the token is spent: a wrong verifier must not burn the link.
            Pkce.check(l.pkceChallenge(), blankToNull(r.codeVerifier()));
            if (!store.consumeReset(tx, project.projectId(), tokenHash, Timestamps.truncate(clock.instant()))) {
                throw unableToAuth();
            }
            Organization org = organizations.resolve(tx, project, l.organizationId());
            ActivatedMember activated = members.activateOnLogin(tx, project, org, l.memberId(), l.emailAddress())
                    .orElseThrow(PasswordRules::unableToAuth);
            requirePasswordsAllowed(org, activated.member().isBreakglass());
            signIn.requireContinuable(tx, project, org, activated.member(), args);
            Member member = writer.setPassword(tx, project, org, activated.member(), fresh);
            AuthenticationFactor factor = passwordFactor(clock, activated.emailId(), member.emailAddress());
            return new Completed(activated.emailId(), signIn.complete(tx, project, org, member, factor, args));
        });
        return answer(signIn.finish(project, completed.outcome()), completed.emailId());
    }

    private Member sessionMember(Tx tx, Project project, String organizationRef, SessionArguments args) {
        Organization org = organizations.resolve(tx, project, organizationRef);
        SessionRecord session = sessions.findAlive(tx, project, args.sessionToken(), args.sessionJwt());
        if (!session.organizationId().equals(org.organizationId())) {
            throw SessionService.sessionNotFound();
        }
        return members.findById(tx, project, org, session.memberId()).orElseThrow(SessionService::sessionNotFound);
    }

    private PasswordReset findReset(Tx tx, Project project, String tokenHash) {
        return store.findReset(tx, project.projectId(), tokenHash)
                .filter(l -> !l.isDiscovery())
                .orElseThrow(PasswordRules::resetTokenUnknown);
    }
}
