package io.latchkey.server.otp;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.otp.EmailOtpAuthenticateRequest;
import io.latchkey.api.otp.EmailOtpAuthenticateResponse;
import io.latchkey.api.otp.EmailOtpLoginOrSignupRequest;
import io.latchkey.api.otp.EmailOtpLoginOrSignupResponse;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.MemberOptions;
import io.latchkey.api.session.MfaRequired;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.KeyedHash;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.mail.MailTemplates;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.mfa.Attempt;
import io.latchkey.server.mfa.Checked;
import io.latchkey.server.mfa.Factors;
import io.latchkey.server.mfa.MfaAttemptService;
import io.latchkey.server.mfa.MfaFactor;
import io.latchkey.server.mfa.SessionArguments;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.session.IntermediateSession;
import io.latchkey.server.session.IntermediateSessionService;
import io.latchkey.server.session.IssuedIntermediateSession;
import io.latchkey.server.session.MfaRequirement;
import io.latchkey.server.session.MintedSession;
import io.latchkey.server.session.NewSession;
import io.latchkey.server.session.SessionService;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Email one-time passcodes, a primary factor with the organization rules of email magic links:
 * who may get a code (auth methods, JIT sign-up by domain), and what a right code yields (the
 * member active with a verified email, and a session, or an intermediate session when MFA is
 * still due). Thread-safe.
 */
public final class EmailOtpService {
  static final int DEFAULT_MINUTES = 10;
  private static final int MIN_MINUTES = 2;
  private static final int MAX_MINUTES = 15;

  private final Database db;
  private final OtpCodes codes;
  private final OrganizationService organizations;
  private final MemberService members;
  private final SessionService sessions;
  private final IntermediateSessionService intermediateSessions;
  private final MfaAttemptService attempts;
  private final MailService mail;
  private final RateLimitService rateLimits;
  private final Clock clock;

  public EmailOtpService(
      Database db, OtpStore store, KeyedHash hasher, OrganizationService organizations,
      MemberService members, SessionService sessions, IntermediateSessionService intermediateSessions,
      MfaAttemptService attempts, MailService mail, RateLimitService rateLimits, Clock clock) {
    this.db = db;
    this.codes = new OtpCodes(store, hasher, clock);
    this.organizations = organizations;
    this.members = members;
    this.sessions = sessions;
    this.intermediateSessions = intermediateSessions;
    this.attempts = attempts;
    this.mail = mail;
    this.rateLimits = rateLimits;
    this.clock = clock;
  }

  /**
   * Retires the member's unused passcodes, email and SMS alike, in the caller's transaction:
   * a code mailed to an address the member no longer has proves nothing.
   */
  public void expireCodesOfMember(Tx tx, String projectId, String memberId) {
    codes.expireForMember(tx, projectId, memberId);
  }

  /** {@code POST /v1/b2b/otps/email/login_or_signup}. */
  public EmailOtpLoginOrSignupResponse loginOrSignup(Project project, EmailOtpLoginOrSignupRequest r) {
    Otps.requireField(r.organizationId(), "organization_id");
    Otps.requireField(r.emailAddress(), "email_address");
    String email = Emails.normalize(r.emailAddress());
    int loginMinutes = minutes(r.loginExpirationMinutes(), "login_expiration_minutes");
    int signupMinutes = minutes(r.signupExpirationMinutes(), "signup_expiration_minutes");
    return db.inTransaction(tx -> {
      Organization org = organizations.resolve(tx, project, r.organizationId());
      Optional<Member> existing = members.findByEmail(tx, project, org.organizationId(), email);
      requireEmailOtpAllowed(org, existing.map(Member::isBreakglass).orElse(false));
      Member member = existing.orElseGet(() -> {
        requireJitAllowed(org, email);
        return members.createPending(tx, project, org.organizationId(), email);
      });
      int minutes = "active".equals(member.status()) ? loginMinutes : signupMinutes;
      rateLimits.countEmailSend(tx, project, org.organizationId(), member.emailAddress());
      String code = codes.issue(tx, project, org.organizationId(), member.memberId(), OtpCode.EMAIL,
          member.emailAddress(), Duration.ofMinutes(minutes));
      mail.queueEmail(tx, project.projectId(), member.emailAddress(), MailTemplates.EMAIL_OTP, Map.of(
          MailTemplates.ORGANIZATION_NAME, org.organizationName(),
          MailTemplates.CODE, code,
          MailTemplates.EMAIL, member.emailAddress(),
          MailTemplates.EXPIRATION_MINUTES, Integer.toString(minutes)));
      return new EmailOtpLoginOrSignupResponse(null, member.memberId(), existing.isEmpty(), member, org, 200);
    });
  }

  /** {@code POST /v1/b2b/otps/email/authenticate}. */
  public EmailOtpAuthenticateResponse authenticate(Project project, EmailOtpAuthenticateRequest r) {
    Otps.requireField(r.organizationId(), "organization_id");
    Otps.requireField(r.emailAddress(), "email_address");
    Otps.requireField(r.code(), "code");
    String email = Emails.normalize(r.emailAddress());
    SessionArguments args = new SessionArguments(r.intermediateSessionToken(), r.sessionToken(), r.sessionJwt(),
        r.sessionDurationMinutes(), r.sessionCustomClaims());
    if (args.sessionToken() != null && args.sessionJwt() != null) {
      throw new ApiException(ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Pass at most one of session_token and session_jwt.");
    }
    Outcome outcome = db.inTransaction(tx -> check(tx, project, r.organizationId(), email, r.code(), args)).orThrow();
    if (outcome.needsMfa() != null) {
      return outcome.needsMfa();
    }
    NewSession session = outcome.session();
    MintedSession minted = sessions.mint(project, session);
    Member member = session.member();
    Organization org = session.organization();
    return new EmailOtpAuthenticateResponse(null, member.memberId(), outcome.factor().emailFactor().emailId(),
        org.organizationId(), member, minted.sessionToken(), minted.sessionJwt(), org, "", true, 200,
        minted.memberSession(), null, null, null);
  }

  /** A checked code: a session to mint after the commit, or the answer that MFA is due. */
  private record Outcome(AuthenticationFactor factor, NewSession session, EmailOtpAuthenticateResponse needsMfa) {}

  private Checked<Outcome> check(
      Tx tx, Project project, String organizationRef, String email, String code, SessionArguments args) {
    Organization org = organizations.resolve(tx, project, organizationRef);
    Member member = members.findByEmail(tx, project, org.organizationId(), email)
        .orElseThrow(() -> new ApiException(ErrorType.OTP_CODE_NOT_FOUND, "The passcode is incorrect."));
    requireEmailOtpAllowed(org, member.isBreakglass());
    if (args.hasIntermediateSession()) {
      requireSameLogin(intermediateSessions.find(tx, project, args.intermediateSessionToken()), org, member);
    }
    Attempt attempt = attempts.begin(tx, project, org.organizationId(), member.memberId(), MfaFactor.EMAIL_OTP);
    Optional<ApiException> refusal =
        codes.refusal(tx, project, member.memberId(), OtpCode.EMAIL, member.emailAddress(), code);
    if (refusal.isPresent()) {
      attempts.failed(tx, attempt);
      return Checked.refused(refusal.get());
    }
    attempts.succeeded(tx, attempt);

    member = members.activateWithVerifiedEmail(tx, project, org.organizationId(), member.memberId());
    String emailId = members.emailFactorId(tx, project, member.memberId())
        .orElseThrow(() -> new ApiException(ErrorType.UNABLE_TO_AUTH_OTP_CODE, "The member is gone."));
    AuthenticationFactor factor =
        Factors.emailOtp(emailId, member.emailAddress(), Timestamps.format(Timestamps.truncate(clock.instant())));
    List<AuthenticationFactor> factors = new ArrayList<>();
    if (args.hasIntermediateSession()) {
      IntermediateSession ist = intermediateSessions.consume(tx, project, args.intermediateSessionToken());
      ist.factors().stream().filter(f -> !Factors.sameKind(f, factor)).forEach(factors::add);
    }
    factors.add(factor);

    // Like a magic link: a session of this member gains the factor; another's is ignored.
    Optional<NewSession> attached = sessions.attachFactor(tx, project, args.sessionToken(), args.sessionJwt(),
        member, org, factor, args.sessionDurationMinutes(), args.sessionCustomClaims());
    if (attached.isPresent()) {
      return Checked.ok(new Outcome(factor, attached.get(), null));
    }
    if (MfaRequirement.secondFactorMissing(org, member, factors)) {
      IssuedIntermediateSession ist = intermediateSessions.issue(
          tx, project, org.organizationId(), member.memberId(), member.emailAddress(), factors);
      return Checked.ok(new Outcome(factor, null, new EmailOtpAuthenticateResponse(
          null, member.memberId(), emailId, org.organizationId(), member, "", "", org, ist.token(), false, 200,
          null, new MfaRequired(new MemberOptions(member.mfaPhoneNumber(), member.totpRegistrationId()), null),
          null, Timestamps.format(ist.expiresAt()))));
    }
    return Checked.ok(new Outcome(factor, sessions.create(
        tx, project, member, org, factors, args.sessionDurationMinutes(), args.sessionCustomClaims()), null));
  }

  /** An intermediate session of the same address, bound to this organization or to none (discovery). */
  private static void requireSameLogin(IntermediateSession ist, Organization org, Member member) {
    if (!member.emailAddress().equalsIgnoreCase(ist.emailAddress())
        || (ist.organizationId() != null && !ist.organizationId().equals(org.organizationId()))) {
      throw new ApiException(ErrorType.INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION,
          "The intermediate_session_token belongs to another member or organization.");
    }
  }

  private static void requireEmailOtpAllowed(Organization org, boolean breakglass) {
    if ("RESTRICTED".equals(org.authMethods()) && !breakglass && !org.allowedAuthMethods().contains("email_otp")) {
      throw new ApiException(ErrorType.AUTH_METHOD_NOT_ALLOWED,
          "This organization does not allow email one-time passcodes (auth_methods is RESTRICTED).");
    }
  }

  private static void requireJitAllowed(Organization org, String email) {
    if (!"RESTRICTED".equals(org.emailJitProvisioning())) {
      throw new ApiException(ErrorType.EMAIL_JIT_PROVISIONING_NOT_ALLOWED,
          "This email is not a member, and the organization does not allow sign-up by email domain.");
    }
    if (!org.emailAllowedDomains().contains(Emails.domainOf(email))) {
      throw new ApiException(ErrorType.INVALID_EMAIL_FOR_JIT_PROVISIONING,
          "This email's domain is not among the organization's allowed domains.");
    }
  }

  private static int minutes(Integer requested, String field) {
    int value = requested == null ? DEFAULT_MINUTES : requested;
    if (value < MIN_MINUTES || value > MAX_MINUTES) {
      throw new ApiException(ErrorType.INVALID_EXPIRATION_MINUTES,
          field + " must be between " + MIN_MINUTES + " and " + MAX_MINUTES + ".");
    }
    return value;
  }
}
