package io.latchkey.server.password;

import static io.latchkey.server.password.PasswordRules.blankToNull;
import static io.latchkey.server.password.PasswordRules.requireField;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.password.AuthenticateRequest;
import io.latchkey.api.password.DiscoveryAuthenticateRequest;
import io.latchkey.api.password.DiscoveryLoginResponse;
import io.latchkey.api.password.DiscoveryResetRequest;
import io.latchkey.api.password.DiscoveryResetStartRequest;
import io.latchkey.api.password.DiscoveryResetStartResponse;
import io.latchkey.api.password.ExistingPasswordResetRequest;
import io.latchkey.api.password.MigrateRequest;
import io.latchkey.api.password.MigrateResponse;
import io.latchkey.api.password.PasswordLoginResponse;
import io.latchkey.api.password.RequireResetRequest;
import io.latchkey.api.password.RequireResetResponse;
import io.latchkey.api.password.ResetRequest;
import io.latchkey.api.password.ResetStartRequest;
import io.latchkey.api.password.ResetStartResponse;
import io.latchkey.api.password.SessionResetRequest;
import io.latchkey.api.password.StrengthCheckRequest;
import io.latchkey.api.password.StrengthCheckResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.discovery.DiscoveryService;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.session.SessionService;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Member passwords, the one entry point routes and the import call: checking one and signing in
 * through {@link SignIn} ({@link PasswordLogin}), setting one by emailed reset link, by the old
 * password or from a session ({@link PasswordResets}), the cross-organization discovery passwords
 * ({@link PasswordDiscovery}), importing hashes ({@link PasswordImport}), and requiring a reset or
 * deleting a password (here). Hashing runs outside every transaction, on the hashing pool; the
 * transaction that follows re-reads what the check relied on. Thread-safe.
 */
public final class PasswordService {
    static final String ID_KIND = "member-password";

    private final Database db;
    private final PasswordStore store;
    private final OrganizationService organizations;
    private final MemberService members;
    private final Clock clock;
    private final PasswordLogin login;
    private final PasswordResets resets;
    private final PasswordDiscovery discoveryPasswords;
    private final PasswordImport imports;
    private final PasswordHasher hasher;

    public PasswordService(
            Database db,
            PasswordStore store,
            PasswordHasher hasher,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            SessionService sessions,
            SignIn signIn,
            DiscoveryService discovery,
            MailService mail,
            RateLimitService rateLimits,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.organizations = organizations;
        this.members = members;
        this.clock = clock;
        this.hasher = hasher;
        PasswordWriter writer = new PasswordWriter(store, members, clock);
        this.login = new PasswordLogin(db, store, hasher, organizations, members, signIn, clock);
        this.resets = new PasswordResets(
                db,
                store,
                hasher,
                login,
                writer,
                projects,
                organizations,
                members,
                sessions,
                signIn,
                mail,
                rateLimits,
                clock);
        this.discoveryPasswords = new PasswordDiscovery(
                db, store, hasher, writer, projects, organizations, members, discovery, mail, rateLimits, clock);
        this.imports = new PasswordImport(db, writer, organizations, members);
    }

    /** Work the password checks need that can wait until the port is open (see {@link PasswordHasher#prepare}). */
    public void prepareInBackground() {
        hasher.prepare();
    }

    /** A member's password row goes with the member. */
    public void onMemberDeleted(Tx tx, String projectId, String memberId) {
        store.delete(tx, projectId, memberId);
    }

    /**
     * The organization a password attempt's failures count against: its id however the caller
     * named it (id, slug or external id), so that naming it three ways does not buy three windows
     * of guesses; the name as given when no organization has it (the call then fails on that,
     * uncounted).
     */
    public String attemptOrganization(Project project, String organizationRef) {
        if (organizationRef == null || organizationRef.isBlank()) {
            return organizationRef;
        }
        try {
            return db.read(tx -> organizations.find(tx, project, organizationRef.strip()))
                    .map(Organization::organizationId)
                    .orElse(organizationRef);
        } catch (ApiException e) {
            return organizationRef;
        }
    }

    /** {@code POST /v1/b2b/passwords/strength_check}. */
    public StrengthCheckResponse strengthCheck(StrengthCheckRequest r) {
        requireField(r.password(), "password");
        PasswordStrength.requireUsable(r.password());
        return PasswordStrength.check(r.password(), r.emailAddress());
    }

    /** {@code POST /v1/b2b/passwords/authenticate}. */
    public PasswordLoginResponse authenticate(Project project, AuthenticateRequest r) {
        return login.authenticate(project, r);
    }

    /** {@code POST /v1/b2b/passwords/existing_password/reset}: the old password proves the member. */
    public PasswordLoginResponse resetExisting(Project project, ExistingPasswordResetRequest r) {
        return resets.resetExisting(project, r);
    }

    /** {@code POST /v1/b2b/passwords/session/reset}: a live session of the member sets a new password. */
    public PasswordLoginResponse resetFromSession(Project project, SessionResetRequest r) {
        return resets.resetFromSession(project, r);
    }

    /** {@code POST /v1/b2b/passwords/migrate}: a member (created when new) with an imported hash. */
    public MigrateResponse migrate(Project project, MigrateRequest r) {
        return imports.migrate(project, r);
    }

    /** Imports one member's hash in the caller's transaction (the command-line import runs one per row). */
    MigrateResponse migrate(
            Tx tx, Project project, String organizationRef, String email, StoredHash hash, List<String> roles) {
        return imports.migrate(tx, project, organizationRef, email, hash, roles);
    }

    /** Validates an import's hash as passwords.migrate does (for the command-line import). */
    static StoredHash importedHash(MigrateRequest r) {
        return LegacyHashes.fromMigrate(r);
    }

    /** {@code POST /v1/b2b/passwords/email/reset/start}. */
    public ResetStartResponse resetStart(Project project, ResetStartRequest r) {
        return resets.resetStart(project, r);
    }

    /** {@code POST /v1/b2b/passwords/email/reset}: spends the emailed link, sets the password, signs in. */
    public PasswordLoginResponse reset(Project project, ResetRequest r) {
        return resets.reset(project, r);
    }

    /** {@code POST /v1/b2b/passwords/discovery/authenticate}. */
    public DiscoveryLoginResponse discoveryAuthenticate(Project project, DiscoveryAuthenticateRequest r) {
        return discoveryPasswords.authenticate(project, r);
    }

    /** {@code POST /v1/b2b/passwords/discovery/email/reset/start}: the same answer for an unknown address. */
    public DiscoveryResetStartResponse discoveryResetStart(Project project, DiscoveryResetStartRequest r) {
        return discoveryPasswords.resetStart(project, r);
    }

    /** {@code POST /v1/b2b/passwords/discovery/email/reset}: every membership of the email gets the password. */
    public DiscoveryLoginResponse discoveryReset(Project project, DiscoveryResetRequest r) {
        return discoveryPasswords.reset(project, r);
    }

    /** {@code POST /v1/b2b/passwords/email/require_reset}. */
    public RequireResetResponse requireReset(Project project, RequireResetRequest r) {
        requireField(r.emailAddress(), "email_address");
        String email = Emails.normalize(r.emailAddress());
        return db.inTransaction(tx -> {
            Instant now = clock.instant();
            if (blankToNull(r.organizationId()) == null) {
                for (Member m : members.listByEmailAcrossOrganizations(tx, project, email)) {
                    store.requireReset(tx, project.projectId(), m.memberId(), now);
                }
                return new RequireResetResponse(null, 200, null, null, null);
            }
            Organization org = organizations.resolve(tx, project, r.organizationId());
            Member member = blankToNull(r.memberId()) != null
                    ? members.resolve(tx, project, org.organizationId(), r.memberId())
                    : members.findByEmail(tx, project, org, email)
                            .orElseThrow(() -> new ApiException(
                                    ErrorType.MEMBER_NOT_FOUND, "No member of the organization has this email."));
            if (!member.emailAddress().equalsIgnoreCase(email)) {
                throw new ApiException(ErrorType.MEMBER_NOT_FOUND, "member_id does not have this email address.");
            }
            store.requireReset(tx, project.projectId(), member.memberId(), now);
            return new RequireResetResponse(null, 200, member.memberId(), member, org);
        });
    }

    /**
     * The member whose password {@code memberPasswordId} is, in the organization: who a call deleting
     * it acts on.
     *
     * @throws ApiException organization_not_found, member_password_not_found
     */
    public String passwordOwner(Project project, String organizationRef, String memberPasswordId) {
        return db.read(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            return store.findById(tx, project.projectId(), org.organizationId(), memberPasswordId)
                    .orElseThrow(PasswordRules::passwordNotFound)
                    .memberId();
        });
    }

    /**
     * {@code DELETE .../members/passwords/{member_password_id}}: the member keeps its other ways in;
     * outstanding reset links die with the password (a reset would set a new one).
     */
    public MemberResponse deletePassword(Project project, String organizationRef, String memberPasswordId) {
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            PasswordRecord row = store.findById(tx, project.projectId(), org.organizationId(), memberPasswordId)
                    .orElseThrow(PasswordRules::passwordNotFound);
            Member member = members.resolveForUpdate(tx, project, org.organizationId(), row.memberId());
            // Read again under the member's lock: a reset in between gave the member another password.
            store.findForUpdate(tx, project.projectId(), member.memberId())
                    .filter(p -> p.memberPasswordId().equals(memberPasswordId))
                    .orElseThrow(PasswordRules::passwordNotFound);
            store.delete(tx, project.projectId(), member.memberId());
            return new MemberResponse(
                    members.setPasswordId(tx, project, org.organizationId(), member.memberId(), null), org);
        });
    }
}
