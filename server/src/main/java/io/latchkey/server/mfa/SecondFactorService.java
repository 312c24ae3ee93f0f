package io.latchkey.server.mfa;

import io.latchkey.server.organization.OrganizationPolicy;
import io.latchkey.server.organization.MfaMethod;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.project.Project;
import io.latchkey.server.session.IntermediateSession;
import io.latchkey.server.session.IntermediateSessionService;
import io.latchkey.server.session.MfaRequirement;
import io.latchkey.server.session.NewSession;
import io.latchkey.server.session.SessionRecord;
import io.latchkey.server.session.SessionService;
import io.latchkey.server.store.Tx;
import java.util.ArrayList;
import java.util.List;

/**
 * What every second factor (SMS OTP, TOTP, recovery codes) does around its own check: which
 * intermediate session or session a call may continue, when adding a factor needs proof of an
 * existing one, how completing a factor turns an intermediate session into a session (through
 * {@link MfaRequirement}, like every mint) or extends a session, and the member's MFA settings
 * afterwards. Every method joins the caller's transaction. Thread-safe.
 */
public final class SecondFactorService {
  public static final String ENROLL = "enroll";
  public static final String UNENROLL = "unenroll";

  private final SessionService sessions;
  private final IntermediateSessionService intermediateSessions;
  private final MemberService members;

  public SecondFactorService(
      SessionService sessions, IntermediateSessionService intermediateSessions, MemberService members) {
    this.sessions = sessions;
    this.intermediateSessions = intermediateSessions;
    this.members = members;
  }

  /**
   * Checks, without consuming anything, that the intermediate session or session named in
   * {@code args} (if any) is the member's, and returns the factors it carries.
   *
   * @throws ApiException intermediate_session_not_found,
   *     invalid_intermediate_session_token_for_organization, session_not_found
   */
  public List<AuthenticationFactor> presented(
      Tx tx, Project project, Organization organization, Member member, SessionArguments args) {
    if (args.hasIntermediateSession()) {
      IntermediateSession ist = intermediateSessions.find(tx, project, args.intermediateSessionToken());
      requireMembers(ist, organization, member);
      return ist.factors();
    }
    if (args.hasSession()) {
      return membersSession(tx, project, member, args).factors();
    }
    return List.of();
  }

  /**
   * A member who already has an active second factor (a verified MFA phone number, an active
   * TOTP registration) may add another only from a session or intermediate session that carries
   * a second factor: otherwise whoever completed the first factor alone could enrol their own
   * device and bypass MFA. Checks any presented token in every case.
   *
   * @throws ApiException insufficient_factors, and those of {@link #presented}
   */
  public void requireProofForNewFactor(
      Tx tx, Project project, Organization organization, Member member, SessionArguments args) {
    List<AuthenticationFactor> factors = presented(tx, project, organization, member, args);
    if (hasActiveSecondFactor(member) && factors.stream().noneMatch(MfaRequirement::isSecondFactor)) {
      throw new ApiException(ErrorType.INSUFFICIENT_FACTORS,
          "The member already has an MFA factor: pass a session_token or session_jwt of a session"
              + " that completed it to add another.");
    }
  }

  /**
   * Completes {@code factor}: with an intermediate session, consumes it and creates a session
   * holding its factors plus this one; with a session, adds the factor to it (extending it when
   * a duration is given). The caller mints the JWT after the commit.
   *
   * @throws ApiException as {@link #presented}; insufficient_factors when the factors still do
   *     not satisfy the organization's MFA policy
   */
  public NewSession complete(
      Tx tx, Project project, Organization organization, Member member, AuthenticationFactor factor,
      SessionArguments args) {
    if (args.hasIntermediateSession()) {
      IntermediateSession ist = intermediateSessions.consume(tx, project, args.intermediateSessionToken());
      requireMembers(ist, organization, member);
      List<AuthenticationFactor> factors = new ArrayList<>();
      ist.factors().stream().filter(f -> !Factors.sameKind(f, factor)).forEach(factors::add);
      factors.add(factor);
      if (MfaRequirement.secondFactorMissing(organization, member, factors)) {
        throw new ApiException(ErrorType.INSUFFICIENT_FACTORS,
            "This factor does not satisfy the organization's MFA requirement.");
      }
      return sessions.create(tx, project, member, organization, factors,
          args.sessionDurationMinutes(), args.sessionCustomClaims());
    }
    membersSession(tx, project, member, args);
    return sessions.attachFactor(tx, project, args.sessionToken(), args.sessionJwt(), member, organization,
            factor, args.sessionDurationMinutes(), args.sessionCustomClaims())
        .orElseThrow(SecondFactorService::sessionNotFound);
  }

  /**
   * The member's MFA settings after completing {@code method}:
   * enrolled when the organization requires MFA of everyone, else as {@code setMfaEnrollment}
   * says (null leaves it); the default method becomes {@code method} when the member had none
   * or {@code setDefault} asks.
   */
  public Member applyMfaSettings(
      Tx tx, Project project, Organization organization, Member member, MfaMethod method,
      String setMfaEnrollment, boolean setDefault) {
    Boolean enrolled;
    if (OrganizationPolicy.mfaRequiredForAll(organization)) {
      enrolled = Boolean.TRUE;
    } else if (ENROLL.equals(setMfaEnrollment)) {
      enrolled = Boolean.TRUE;
    } else if (UNENROLL.equals(setMfaEnrollment)) {
      enrolled = Boolean.FALSE;
    } else {
      enrolled = null;
    }
    String defaultMethod = setDefault || member.defaultMfaMethod().isEmpty() ? method.wireName() : null;
    return members.updateMfaSettings(tx, project, organization.organizationId(), member.memberId(), enrolled, defaultMethod);
  }

  /**
   * @throws ApiException invalid_mfa_enrollment unless null, empty, {@code enroll} or {@code unenroll}
   */
  public static String validEnrollment(String setMfaEnrollment) {
    if (setMfaEnrollment == null || setMfaEnrollment.isEmpty()) {
      return null;
    }
    if (!ENROLL.equals(setMfaEnrollment) && !UNENROLL.equals(setMfaEnrollment)) {
      throw new ApiException(ErrorType.INVALID_MFA_ENROLLMENT, "set_mfa_enrollment must be enroll or unenroll.");
    }
    return setMfaEnrollment;
  }

  /** A verified MFA phone number or an active TOTP registration. */
  public static boolean hasActiveSecondFactor(Member member) {
    return member.mfaPhoneNumberVerified() || !member.totpRegistrationId().isEmpty();
  }

  private SessionRecord membersSession(Tx tx, Project project, Member member, SessionArguments args) {
    SessionRecord session = sessions.findAlive(tx, project, args.sessionToken(), args.sessionJwt());
    if (!session.memberId().equals(member.memberId())) {
      throw sessionNotFound();
    }
    return session;
  }

  /**
   * An intermediate session continues only its own member's login into its own organization; a
   * discovery one (bound to an email only) must first be exchanged for an organization.
   */
  private static void requireMembers(IntermediateSession ist, Organization organization, Member member) {
    if (!organization.organizationId().equals(ist.organizationId()) || !member.memberId().equals(ist.memberId())) {
      throw new ApiException(ErrorType.INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION,
          "The intermediate_session_token belongs to another member or organization.");
    }
  }

  private static ApiException sessionNotFound() {
    return new ApiException(ErrorType.SESSION_NOT_FOUND, "No live session of this member matches the session_token or session_jwt.");
  }
}
