package io.latchkey.server.password;

import static io.latchkey.server.password.PasswordRules.RESET_TOKEN_TYPE;
import static io.latchkey.server.password.PasswordRules.blankToNull;
import static io.latchkey.server.password.PasswordRules.lifetime;
import static io.latchkey.server.password.PasswordRules.passwordFactor;
import static io.latchkey.server.password.PasswordRules.redirect;
import static io.latchkey.server.password.PasswordRules.requireField;
import static io.latchkey.server.password.PasswordRules.unableToAuth;
import static io.latchkey.server.password.PasswordRules.unauthorized;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.password.DiscoveryAuthenticateRequest;
import io.latchkey.api.password.DiscoveryLoginResponse;
import io.latchkey.api.password.DiscoveryResetRequest;
import io.latchkey.api.password.DiscoveryResetStartRequest;
import io.latchkey.api.password.DiscoveryResetStartResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.discovery.DiscoveryService;
import io.latchkey.server.magiclink.MagicLinkUrls;
import io.latchkey.server.magiclink.Pkce;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.mail.MailTemplates;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.project.RedirectPolicy;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Discovery passwords are Stytch's cross-organization passwords: an email has one password in
 * the project. Stored per member as everywhere else, they are kept equal: a discovery reset
 * sets the new password on every membership of the email, and a discovery login checks the
 * one set most recently (one hash, whatever the number of memberships). Thread-safe.
 */
final class PasswordDiscovery {
    private final Database db;
    private final PasswordStore store;
    private final PasswordHasher hasher;
    private final PasswordWriter writer;
    private final ProjectService projects;
    private final OrganizationService organizations;
    private final MemberService members;
    private final DiscoveryService discovery;
    private final MailService mail;
    private final RateLimitService rateLimits;
    private final Clock clock;

    PasswordDiscovery(
            Database db,
            PasswordStore store,
            PasswordHasher hasher,
            PasswordWriter writer,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            DiscoveryService discovery,
            MailService mail,
            RateLimitService rateLimits,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.hasher = hasher;
        this.writer = writer;
        this.projects = projects;
        this.organizations = organizations;
        this.members = members;
        this.discovery = discovery;
        this.mail = mail;
        this.rateLimits = rateLimits;
        this.clock = clock;
    }

    /** {@code POST /v1/b2b/passwords/discovery/authenticate}. */
    DiscoveryLoginResponse authenticate(Project project, DiscoveryAuthenticateRequest r) {
        requireField(r.emailAddress(), "email_address");
        requireField(r.password(), "password");
        PasswordStrength.requireUsable(r.password());
        String email = Emails.normalize(r.emailAddress());
        PasswordRecord newest =
                db.read(tx -> newestPassword(tx, project, email)).orElse(null);
        PasswordHasher.Checked checked = hasher.check(r.password(), newest == null ? null : newest.hash());
        if (!checked.matches()) {
            throw unauthorized().afterCodeCheck();
        }
        if (newest.resetRequired()) {
            throw new ApiException(
                    ErrorType.RESET_PASSWORD,
                    "This email must reset its password (passwords.discovery.email.reset.start) before logging in with one.");
        }
        DiscoveryService.Discovered found = db.inTransaction(tx -> {
            // The password checked is still the email's newest: a reset in between makes it useless.
            PasswordRecord row = store.findForUpdate(tx, project.projectId(), newest.memberId())
                    .filter(p -> Tokens.constantTimeEquals(
                                    p.hash().hash(), newest.hash().hash())
                            && !p.resetRequired())
                    .orElseThrow(PasswordRules::unauthorized);
            if (checked.upgraded() != null) {
                store.upgrade(
                        tx,
                        project.projectId(),
                        row.memberId(),
                        row.hash().hash(),
                        checked.upgraded(),
                        Timestamps.truncate(clock.instant()));
            }
            return discovery.discovered(tx, project, email, passwordFactor(clock, null, null));
        });
        return DiscoveryLoginResponse.of(
                email,
                found.intermediateSession().token(),
                Timestamps.format(found.intermediateSession().expiresAt()),
                found.organizations());
    }

    /**
     * {@code POST /v1/b2b/passwords/discovery/email/reset/start}: mails a reset link bound to the
     * email only. An address with no membership gets no mail, and the same answer: the call does
     * not tell who has an account.
     */
    DiscoveryResetStartResponse resetStart(Project project, DiscoveryResetStartRequest r) {
        requireField(r.emailAddress(), "email_address");
        String email = Emails.normalize(r.emailAddress());
        Duration lifetime = lifetime(r.resetPasswordExpirationMinutes());
        String challenge = Pkce.validChallenge(blankToNull(r.pkceCodeChallenge()));
        RedirectPolicy policy = projects.redirectPolicy(project.projectId());
        String redirect = redirect(policy, r.resetPasswordRedirectUrl());
        if (blankToNull(r.discoveryRedirectUrl()) != null
                && !policy.allows(RedirectUrlType.DISCOVERY, r.discoveryRedirectUrl())) {
            throw new ApiException(
                    ErrorType.INVALID_DISCOVERY_REDIRECT_URL,
                    "The discovery_redirect_url is not on the project's list of allowed redirect URLs.");
        }
        db.inTransaction(tx -> {
            if (members.listByEmailAcrossOrganizations(tx, project, email).isEmpty()) {
                return null;
            }
            Instant now = Timestamps.truncate(clock.instant());
            String token = Tokens.newToken();
            store.insertReset(
                    tx,
                    project.projectId(),
                    Tokens.hash(token),
                    new PasswordReset(null, null, email, redirect, challenge, now, now.plus(lifetime), null));
            mail.queueEmail(
                    tx,
                    project.projectId(),
                    email,
                    MailTemplates.RESET_PASSWORD,
                    Map.of(
                            MailTemplates.ORGANIZATION_NAME,
                            "",
                            MailTemplates.LINK,
                            MagicLinkUrls.link(redirect, RESET_TOKEN_TYPE, token),
                            MailTemplates.EMAIL,
                            email,
                            MailTemplates.EXPIRATION_MINUTES,
                            Long.toString(lifetime.toMinutes())));
            rateLimits.countEmailSend(tx, project, null, email);
            return null;
        });
        return DiscoveryResetStartResponse.ok();
    }

    /**
     * {@code POST /v1/b2b/passwords/discovery/email/reset}: spends the discovery link, sets the
     * password on every membership of the email, and answers as a discovery login.
     */
    DiscoveryLoginResponse reset(Project project, DiscoveryResetRequest r) {
        requireField(r.passwordResetToken(), "password_reset_token");
        requireField(r.password(), "password");
        PasswordStrength.requireUsable(r.password());
        String tokenHash = Tokens.hash(r.passwordResetToken());
        PasswordReset link = db.read(tx -> findDiscoveryReset(tx, project, tokenHash));
        if (!link.usableAt(Timestamps.truncate(clock.instant()))) {
            throw unableToAuth();
        }
        PasswordStrength.requireStrong(r.password(), link.emailAddress());
        StoredHash fresh = hasher.hash(r.password());
        DiscoveryService.Discovered found = db.inTransaction(tx -> {
            PasswordReset l = findDiscoveryReset(tx, project, tokenHash);
            Pkce.check(l.pkceChallenge(), blankToNull(r.pkceCodeVerifier()));
            if (!store.consumeReset(tx, project.projectId(), tokenHash, Timestamps.truncate(clock.instant()))) {
                throw unableToAuth();
            }
            for (Member m : members.listByEmailAcrossOrganizations(tx, project, l.emailAddress())) {
                Organization org = organizations.resolve(tx, project, m.organizationId());
                writer.setPassword(tx, project, org, m, fresh);
            }
            String emailId = DiscoveryService.emailId(project, l.emailAddress());
            return discovery.discovered(
                    tx, project, l.emailAddress(), passwordFactor(clock, emailId, l.emailAddress()));
        });
        return DiscoveryLoginResponse.of(
                link.emailAddress(),
                found.intermediateSession().token(),
                Timestamps.format(found.intermediateSession().expiresAt()),
                found.organizations());
    }

    /** The email's password set most recently, over its memberships in the project. */
    private Optional<PasswordRecord> newestPassword(Tx tx, Project project, String email) {
        return members.listByEmailAcrossOrganizations(tx, project, email).stream()
                .flatMap(m -> store.find(tx, project.projectId(), m.memberId()).stream())
                .max(Comparator.comparing(PasswordRecord::updatedAt));
    }

    private PasswordReset findDiscoveryReset(Tx tx, Project project, String tokenHash) {
        return store.findReset(tx, project.projectId(), tokenHash)
                .filter(PasswordReset::isDiscovery)
                .orElseThrow(PasswordRules::resetTokenUnknown);
    }
}
