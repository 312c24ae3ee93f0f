package io.latchkey.server.password;

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
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.EmailFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.discovery.DiscoveryService;
import io.latchkey.server.magiclink.MagicLinkUrls;
import io.latchkey.server.magiclink.Pkce;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.mail.MailTemplates;
import io.latchkey.server.member.ActivatedMember;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.AuthMethod;
import io.latchkey.server.organization.OrganizationPolicy;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.project.RedirectPolicy;
import io.latchkey.server.project.RedirectUrlType;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Member passwords: checking one and signing in through {@link SignIn} (the organization's rules,
 * MFA), setting one by emailed reset link, by the old password or from a session, importing
 * hashes, and requiring a reset. Hashing runs outside every transaction, on the hashing pool;
 * the transaction that follows re-reads what the check relied on. Thread-safe.
 */
public final class PasswordService {
  static final String ID_KIND = "member-password";
  private static final int DEFAULT_RESET_MINUTES = 30;
  private static final String TOKEN_TYPE = "multi_tenant_passwords";

  private final Database db;
  private final PasswordStore store;
  private final PasswordHasher hasher;
  private final ProjectService projects;
  private final OrganizationService organizations;
  private final MemberService members;
  private final SessionService sessions;
  private final SignIn signIn;
  private final DiscoveryService discovery;
  private final MailService mail;
  private final RateLimitService rateLimits;
  private final Clock clock;

  public PasswordService(
      Database db, PasswordStore store, PasswordHasher hasher, ProjectService projects,
      OrganizationService organizations, MemberService members, SessionService sessions, SignIn signIn,
      DiscoveryService discovery, MailService mail, RateLimitService rateLimits, Clock clock) {
    this.db = db;
    this.store = store;
    this.hasher = hasher;
    this.projects = projects;
    this.organizations = organizations;
    this.members = members;
    this.sessions = sessions;
    this.signIn = signIn;
    this.discovery = discovery;
    this.mail = mail;
    this.rateLimits = rateLimits;
    this.clock = clock;
  }

  /** A member's password row goes with the member. */
  public void onMemberDeleted(Tx tx, String projectId, String memberId) {
    store.delete(tx, projectId, memberId);
  }

  /** {@code POST /v1/b2b/passwords/strength_check}. */
  public StrengthCheckResponse strengthCheck(StrengthCheckRequest r) {
    requireField(r.password(), "password");
    PasswordStrength.requireLength(r.password());
    return PasswordStrength.check(r.password(), r.emailAddress());
  }

  /** {@code POST /v1/b2b/passwords/authenticate}. */
  public PasswordLoginResponse authenticate(Project project, AuthenticateRequest r) {
    requireField(r.organizationId(), "organization_id");
    requireField(r.emailAddress(), "email_address");
    requireField(r.password(), "password");
    PasswordStrength.requireLength(r.password());
    String email = Emails.normalize(r.emailAddress());
    SessionArguments args = new SessionArguments(r.intermediateSessionToken(), r.sessionToken(), r.sessionJwt(),
        r.sessionDurationMinutes(), r.sessionCustomClaims());
    requireOneSession(args);
    Verified v = verify(project, r.organizationId(), email, r.password());
    SignInOutcome outcome = db.inTransaction(tx -> {
      Member member = relock(tx, project, v);
      signIn.requireContinuable(tx, project, v.org(), member, args);
      return signIn.complete(tx, project, v.org(), member, passwordFactor(null, null), args);
    });
    return answer(signIn.finish(project, outcome), null);
  }

  /** {@code POST /v1/b2b/passwords/existing_password/reset}: the old password proves the member. */
  public PasswordLoginResponse resetExisting(Project project, ExistingPasswordResetRequest r) {
    requireField(r.organizationId(), "organization_id");
    requireField(r.emailAddress(), "email_address");
    requireField(r.existingPassword(), "existing_password");
    requireField(r.newPassword(), "new_password");
    String email = Emails.normalize(r.emailAddress());
    PasswordStrength.requireLength(r.existingPassword());
    PasswordStrength.requireStrong(r.newPassword(), email);
    SessionArguments args = new SessionArguments(null, r.sessionToken(), r.sessionJwt(),
        r.sessionDurationMinutes(), r.sessionCustomClaims());
    requireOneSession(args);
    Verified v = verify(project, r.organizationId(), email, r.existingPassword());
    StoredHash fresh = hasher.hash(r.newPassword());
    SignInOutcome outcome = db.inTransaction(tx -> {
      Member member = relock(tx, project, v);
      member = setPassword(tx, project, v.org(), member, fresh);
      return signIn.complete(tx, project, v.org(), member, passwordFactor(null, null), args);
    });
    return answer(signIn.finish(project, outcome), null);
  }

  /** {@code POST /v1/b2b/passwords/session/reset}: a live session of the member sets a new password. */
  public PasswordLoginResponse resetFromSession(Project project, SessionResetRequest r) {
    requireField(r.organizationId(), "organization_id");
    requireField(r.password(), "password");
    PasswordStrength.requireLength(r.password());
    SessionArguments args = new SessionArguments(null, r.sessionToken(), r.sessionJwt(),
        r.sessionDurationMinutes(), r.sessionCustomClaims()).requireExactlyOne();
    // The session's owner is read first only to check the new password against its email.
    Member owner = db.read(tx -> sessionMember(tx, project, r.organizationId(), args));
    PasswordStrength.requireStrong(r.password(), owner.emailAddress());
    StoredHash fresh = hasher.hash(r.password());
    SignInOutcome outcome = db.inTransaction(tx -> {
      Organization org = organizations.resolve(tx, project, r.organizationId());
      Member member = sessionMember(tx, project, org.organizationId(), args);
      requirePasswordsAllowed(org, member.isBreakglass());
      member = setPassword(tx, project, org, member, fresh);
      return signIn.complete(tx, project, org, member, passwordFactor(null, null), args);
    });
    return answer(signIn.finish(project, outcome), null);
  }

  /** {@code POST /v1/b2b/passwords/migrate}: a member (created when new) with an imported hash. */
  public MigrateResponse migrate(Project project, MigrateRequest r) {
    requireField(r.organizationId(), "organization_id");
    requireField(r.emailAddress(), "email_address");
    requireField(r.hash(), "hash");
    requireField(r.hashType(), "hash_type");
    String email = Emails.normalize(r.emailAddress());
    StoredHash hash = LegacyHashes.fromMigrate(r);
    return db.inTransaction(tx -> migrate(tx, project, r.organizationId(), email, hash, r.roles()));
  }

  /**
   * Imports one member's hash in the caller's transaction (the command-line import runs one per
   * row); the member is created active with a verified email when new.
   */
  MigrateResponse migrate(Tx tx, Project project, String organizationRef, String email, StoredHash hash,
      List<String> roles) {
    Organization org = organizations.resolve(tx, project, organizationRef);
    Optional<Member> existing = members.findByEmail(tx, project, org, email);
    Member member = existing
        .map(m -> members.activateWithVerifiedEmail(tx, project, org.organizationId(), m.memberId()))
        .orElseGet(() -> members.createVerified(tx, project, org.organizationId(), email, roles));
    member = setPassword(tx, project, org, member, hash);
    return MigrateResponse.of(member, existing.isEmpty(), org);
  }

  /** Validates an import's hash as passwords.migrate does (for the command-line import). */
  static StoredHash importedHash(MigrateRequest r) {
    return LegacyHashes.fromMigrate(r);
  }

  /** {@code POST /v1/b2b/passwords/email/reset/start}. */
  public ResetStartResponse resetStart(Project project, ResetStartRequest r) {
    requireField(r.organizationId(), "organization_id");
    requireField(r.emailAddress(), "email_address");
    String email = Emails.normalize(r.emailAddress());
    Duration lifetime = lifetime(r.resetPasswordExpirationMinutes());
    String challenge = Pkce.validChallenge(blankToNull(r.codeChallenge()));
    String redirect = redirect(projects.redirectPolicy(project.projectId()), r.resetPasswordRedirectUrl());
    return db.inTransaction(tx -> {
      Organization org = organizations.resolve(tx, project, r.organizationId());
      Member member = members.findByEmail(tx, project, org, email)
          .orElseThrow(() -> new ApiException(ErrorType.MEMBER_NOT_FOUND, "No member of the organization has this email."));
      requirePasswordsAllowed(org, member.isBreakglass());
      String emailId = members.emailFactorId(tx, project, member.memberId()).orElse("");
      Instant now = Timestamps.truncate(clock.instant());
      String token = Tokens.newToken();
      store.insertReset(tx, project.projectId(), Tokens.hash(token), new PasswordReset(org.organizationId(),
          member.memberId(), member.emailAddress(), redirect, challenge, now, now.plus(lifetime), null));
      mail.queueEmail(tx, project.projectId(), member.emailAddress(), MailTemplates.RESET_PASSWORD, Map.of(
          MailTemplates.ORGANIZATION_NAME, org.organizationName(),
          MailTemplates.LINK, MagicLinkUrls.link(redirect, TOKEN_TYPE, token),
          MailTemplates.EMAIL, member.emailAddress(),
          MailTemplates.EXPIRATION_MINUTES, Long.toString(lifetime.toMinutes())));
      rateLimits.countEmailSend(tx, project, org.organizationId(), member.emailAddress());
      return ResetStartResponse.of(member, emailId);
    });
  }

  /** {@code POST /v1/b2b/passwords/email/reset}: spends the emailed link, sets the password, signs in. */
  public PasswordLoginResponse reset(Project project, ResetRequest r) {
    requireField(r.passwordResetToken(), "password_reset_token");
    requireField(r.password(), "password");
    PasswordStrength.requireLength(r.password());
    SessionArguments args = new SessionArguments(r.intermediateSessionToken(), r.sessionToken(), r.sessionJwt(),
        r.sessionDurationMinutes(), r.sessionCustomClaims());
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
          .orElseThrow(PasswordService::unableToAuth);
      requirePasswordsAllowed(org, activated.member().isBreakglass());
      signIn.requireContinuable(tx, project, org, activated.member(), args);
      Member member = setPassword(tx, project, org, activated.member(), fresh);
      AuthenticationFactor factor = passwordFactor(activated.emailId(), member.emailAddress());
      return new Completed(activated.emailId(), signIn.complete(tx, project, org, member, factor, args));
    });
    return answer(signIn.finish(project, completed.outcome()), completed.emailId());
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
          : members.findByEmail(tx, project, org, email).orElseThrow(() -> new ApiException(ErrorType.MEMBER_NOT_FOUND,
              "No member of the organization has this email."));
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
          .orElseThrow(PasswordService::passwordNotFound).memberId();
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
          .orElseThrow(PasswordService::passwordNotFound);
      Member member = members.resolveForUpdate(tx, project, org.organizationId(), row.memberId());
      // Read again under the member's lock: a reset in between gave the member another password.
      store.findForUpdate(tx, project.projectId(), member.memberId())
          .filter(p -> p.memberPasswordId().equals(memberPasswordId))
          .orElseThrow(PasswordService::passwordNotFound);
      store.delete(tx, project.projectId(), member.memberId());
      return new MemberResponse(members.setPasswordId(tx, project, org.organizationId(), member.memberId(), null), org);
    });
  }

  private static ApiException passwordNotFound() {
    return new ApiException(ErrorType.MEMBER_PASSWORD_NOT_FOUND,
        "No member of the organization has a password with this member_password_id.");
  }

  // ---------------------------------------------------------------- discovery
  //
  // Discovery passwords are Stytch's cross-organization passwords: an email has one password in
  // the project. Stored per member as everywhere else, they are kept equal: a discovery reset
  // sets the new password on every membership of the email, and a discovery login checks the
  // one set most recently (one hash, whatever the number of memberships).

  /** {@code POST /v1/b2b/passwords/discovery/authenticate}. */
  public DiscoveryLoginResponse discoveryAuthenticate(Project project, DiscoveryAuthenticateRequest r) {
    requireField(r.emailAddress(), "email_address");
    requireField(r.password(), "password");
    PasswordStrength.requireLength(r.password());
    String email = Emails.normalize(r.emailAddress());
    PasswordRecord newest = db.read(tx -> newestPassword(tx, project, email)).orElse(null);
    PasswordHasher.Checked checked = hasher.check(r.password(), newest == null ? null : newest.hash());
    if (!checked.matches()) {
      throw unauthorized().afterCodeCheck();
    }
    if (newest.resetRequired()) {
      throw new ApiException(ErrorType.RESET_PASSWORD,
          "This email must reset its password (passwords.discovery.email.reset.start) before logging in with one.");
    }
    DiscoveryService.Discovered found = db.inTransaction(tx -> {
      // The password checked is still the email's newest: a reset in between makes it useless.
      PasswordRecord row = store.findForUpdate(tx, project.projectId(), newest.memberId())
          .filter(p -> Tokens.constantTimeEquals(p.hash().hash(), newest.hash().hash()) && !p.resetRequired())
          .orElseThrow(PasswordService::unauthorized);
      if (checked.upgraded() != null) {
        store.upgrade(tx, project.projectId(), row.memberId(), row.hash().hash(), checked.upgraded(),
            Timestamps.truncate(clock.instant()));
      }
      return discovery.discovered(tx, project, email, passwordFactor(null, null));
    });
    return DiscoveryLoginResponse.of(email, found.intermediateSession().token(),
        Timestamps.format(found.intermediateSession().expiresAt()), found.organizations());
  }

  /**
   * {@code POST /v1/b2b/passwords/discovery/email/reset/start}: mails a reset link bound to the
   * email only. An address with no membership gets no mail, and the same answer: the call does
   * not tell who has an account.
   */
  public DiscoveryResetStartResponse discoveryResetStart(Project project, DiscoveryResetStartRequest r) {
    requireField(r.emailAddress(), "email_address");
    String email = Emails.normalize(r.emailAddress());
    Duration lifetime = lifetime(r.resetPasswordExpirationMinutes());
    String challenge = Pkce.validChallenge(blankToNull(r.pkceCodeChallenge()));
    RedirectPolicy policy = projects.redirectPolicy(project.projectId());
    String redirect = redirect(policy, r.resetPasswordRedirectUrl());
    if (blankToNull(r.discoveryRedirectUrl()) != null && !policy.allows(RedirectUrlType.DISCOVERY, r.discoveryRedirectUrl())) {
      throw new ApiException(ErrorType.INVALID_DISCOVERY_REDIRECT_URL,
          "The discovery_redirect_url is not on the project's list of allowed redirect URLs.");
    }
    db.inTransaction(tx -> {
      if (members.listByEmailAcrossOrganizations(tx, project, email).isEmpty()) {
        return null;
      }
      Instant now = Timestamps.truncate(clock.instant());
      String token = Tokens.newToken();
      store.insertReset(tx, project.projectId(), Tokens.hash(token),
          new PasswordReset(null, null, email, redirect, challenge, now, now.plus(lifetime), null));
      mail.queueEmail(tx, project.projectId(), email, MailTemplates.RESET_PASSWORD, Map.of(
          MailTemplates.ORGANIZATION_NAME, "",
          MailTemplates.LINK, MagicLinkUrls.link(redirect, TOKEN_TYPE, token),
          MailTemplates.EMAIL, email,
          MailTemplates.EXPIRATION_MINUTES, Long.toString(lifetime.toMinutes())));
      rateLimits.countEmailSend(tx, project, null, email);
      return null;
    });
    return DiscoveryResetStartResponse.ok();
  }

  /**
   * {@code POST /v1/b2b/passwords/discovery/email/reset}: spends the discovery link, sets the
   * password on every membership of the email, and answers as a discovery login.
   */
  public DiscoveryLoginResponse discoveryReset(Project project, DiscoveryResetRequest r) {
    requireField(r.passwordResetToken(), "password_reset_token");
    requireField(r.password(), "password");
    PasswordStrength.requireLength(r.password());
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
        setPassword(tx, project, org, m, fresh);
      }
      String emailId = DiscoveryService.emailId(project, l.emailAddress());
      return discovery.discovered(tx, project, l.emailAddress(), passwordFactor(emailId, l.emailAddress()));
    });
    return DiscoveryLoginResponse.of(link.emailAddress(), found.intermediateSession().token(),
        Timestamps.format(found.intermediateSession().expiresAt()), found.organizations());
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
        .orElseThrow(() -> new ApiException(ErrorType.MAGIC_LINK_NOT_FOUND, "The password reset token is unknown."));
  }

  // ---------------------------------------------------------------- internals

  /** What a password check established: the organization, the member and the hash it matched. */
  private record Verified(Organization org, String memberId, String checkedHash, StoredHash upgraded) {}

  private record Completed(String emailId, SignInOutcome outcome) {}

  /**
   * Reads the member's hash, checks the password on the hashing pool (against a dummy when there
   * is no member or no password, so the time says nothing), and refuses anything but a match with
   * unauthorized_credentials, then a required reset with reset_password.
   */
  private Verified verify(Project project, String organizationRef, String email, String password) {
    record Found(Organization org, Member member, PasswordRecord password) {}
    Found found = db.read(tx -> {
      Organization org = organizations.resolve(tx, project, organizationRef);
      Optional<Member> member = members.findByEmail(tx, project, org, email);
      requirePasswordsAllowed(org, member.map(Member::isBreakglass).orElse(false));
      Optional<PasswordRecord> pw = member.flatMap(m -> store.find(tx, project.projectId(), m.memberId()));
      return new Found(org, member.orElse(null), pw.orElse(null));
    });
    PasswordHasher.Checked checked = hasher.check(password, found.password() == null ? null : found.password().hash());
    if (!checked.matches()) {
      // Counted against the email in the organization too, member or not: what is guessed is
      // the pair, and an unknown email must cost the same as a wrong password.
      throw unauthorized().afterCodeCheck();
    }
    if (found.password().resetRequired()) {
      throw new ApiException(ErrorType.RESET_PASSWORD,
          "This member must reset their password (passwords.email.reset.start) before logging in with one.");
    }
    return new Verified(found.org(), found.member().memberId(), found.password().hash().hash(), checked.upgraded());
  }

  /**
   * In the login's transaction: the password checked is still the member's (a reset in between
   * makes the old one useless), stored upgraded when it was made otherwise than with the current
   * parameters, and the member still there.
   */
  private Member relock(Tx tx, Project project, Verified v) {
    PasswordRecord row = store.findForUpdate(tx, project.projectId(), v.memberId())
        .filter(p -> Tokens.constantTimeEquals(p.hash().hash(), v.checkedHash()) && !p.resetRequired())
        .orElseThrow(PasswordService::unauthorized);
    Member member = members.findById(tx, project, v.org(), v.memberId()).orElseThrow(PasswordService::unauthorized);
    if (v.upgraded() != null) {
      store.upgrade(tx, project.projectId(), row.memberId(), v.checkedHash(), v.upgraded(),
          Timestamps.truncate(clock.instant()));
    }
    return member;
  }

  private Member setPassword(Tx tx, Project project, Organization org, Member member, StoredHash hash) {
    String id = Ids.newId(ID_KIND, project.environment());
    store.put(tx, project.projectId(), org.organizationId(), member.memberId(), id, hash,
        Timestamps.truncate(clock.instant()));
    return members.setPasswordId(tx, project, org.organizationId(), member.memberId(), id);
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
        .orElseThrow(() -> new ApiException(ErrorType.MAGIC_LINK_NOT_FOUND, "The password reset token is unknown."));
  }

  /** A password factor; an email reset also names the address it proved. */
  private AuthenticationFactor passwordFactor(String emailId, String emailAddress) {
    String at = Timestamps.format(Timestamps.truncate(clock.instant()));
    return emailId == null
        ? new AuthenticationFactor("password", "knowledge", at, at, at, null, null, null, null)
        : new AuthenticationFactor("password", "email", at, at, at, new EmailFactor(emailId, emailAddress), null, null,
            null);
  }

  static PasswordLoginResponse answer(SignInOutcome outcome, String emailId) {
    String memberId = outcome.member().memberId();
    String organizationId = outcome.organization().organizationId();
    if (outcome instanceof SignInOutcome.Authenticated a) {
      var m = a.requireMinted();
      return new PasswordLoginResponse(null, memberId, emailId, organizationId, a.member(), m.sessionToken(),
          m.sessionJwt(), a.organization(), "", true, 200, m.memberSession(), null, null, null);
    }
    SignInOutcome.Unfinished u = (SignInOutcome.Unfinished) outcome;
    return new PasswordLoginResponse(null, memberId, emailId, organizationId, u.member(), "", "", u.organization(),
        u.intermediateSession().token(), false, 200, null, u.mfaRequired(), u.primaryRequired(),
        Timestamps.format(u.intermediateSession().expiresAt()));
  }

  private static void requireOneSession(SessionArguments args) {
    if (args.sessionToken() != null && args.sessionJwt() != null) {
      throw new ApiException(ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Pass at most one of session_token and session_jwt.");
    }
  }

  private static void requirePasswordsAllowed(Organization org, boolean breakglass) {
    if (!OrganizationPolicy.allowsAuthMethod(org, AuthMethod.PASSWORD, breakglass)) {
      throw new ApiException(ErrorType.AUTH_METHOD_NOT_ALLOWED,
          "This organization does not allow passwords (auth_methods is RESTRICTED).");
    }
  }

  private static String redirect(RedirectPolicy policy, String requested) {
    if (requested == null || requested.isBlank()) {
      return policy.defaultFor(RedirectUrlType.RESET_PASSWORD).orElseThrow(() -> new ApiException(
          ErrorType.NO_PASSWORD_RESET_REDIRECT_URLS_SET,
          "No reset_password_redirect_url was given and the project has no default one."));
    }
    if (!policy.allows(RedirectUrlType.RESET_PASSWORD, requested)) {
      throw new ApiException(ErrorType.INVALID_PASSWORD_RESET_REDIRECT_URL,
          "The reset_password_redirect_url is not on the project's list of allowed redirect URLs.");
    }
    return requested;
  }

  private static Duration lifetime(Integer minutes) {
    int value = minutes == null ? DEFAULT_RESET_MINUTES : minutes;
    if (value < 5 || value > 10_080) {
      throw new ApiException(ErrorType.INVALID_EXPIRATION_MINUTES,
          "reset_password_expiration_minutes must be between 5 and 10080.");
    }
    return Duration.ofMinutes(value);
  }

  static void requireField(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, name + " is required.");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static ApiException unauthorized() {
    return new ApiException(ErrorType.UNAUTHORIZED_CREDENTIALS, "The email address or password is incorrect.");
  }

  private static ApiException unableToAuth() {
    return new ApiException(ErrorType.UNABLE_TO_AUTH_MAGIC_LINK,
        "The password reset link could not be used: it was already used or has expired.");
  }
}
