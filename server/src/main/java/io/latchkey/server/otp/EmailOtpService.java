package io.latchkey.server.otp;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.otp.EmailOtpAuthenticateRequest;
import io.latchkey.api.otp.EmailOtpAuthenticateResponse;
import io.latchkey.api.otp.EmailOtpLoginOrSignupRequest;
import io.latchkey.api.otp.EmailOtpLoginOrSignupResponse;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.KeyedHash;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.mail.MailTemplates;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.mfa.Attempt;
import io.latchkey.server.mfa.Checked;
import io.latchkey.server.mfa.Factors;
import io.latchkey.server.mfa.MfaAttemptService;
import io.latchkey.server.mfa.MfaFactor;
import io.latchkey.server.organization.AuthMethod;
import io.latchkey.server.organization.OrganizationPolicy;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInAnswers;
import io.latchkey.server.signin.SignInOutcome;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
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
    private final SignIn signIn;
    private final MfaAttemptService attempts;
    private final MailService mail;
    private final RateLimitService rateLimits;
    private final Clock clock;

    public EmailOtpService(
            Database db,
            OtpStore store,
            KeyedHash hasher,
            OrganizationService organizations,
            MemberService members,
            SignIn signIn,
            MfaAttemptService attempts,
            MailService mail,
            RateLimitService rateLimits,
            Clock clock) {
        this.db = db;
        this.codes = new OtpCodes(store, hasher, clock);
        this.organizations = organizations;
        this.members = members;
        this.signIn = signIn;
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
                OrganizationPolicy.requireEmailJit(org, email);
                return members.createPending(tx, project, org.organizationId(), email);
            });
            int minutes = "active".equals(member.status()) ? loginMinutes : signupMinutes;
            rateLimits.countEmailSend(tx, project, org.organizationId(), member.emailAddress());
            String code = codes.issue(
                    tx,
                    project,
                    org.organizationId(),
                    member.memberId(),
                    OtpCode.EMAIL,
                    member.emailAddress(),
                    Duration.ofMinutes(minutes));
            mail.queueEmail(
                    tx,
                    project.projectId(),
                    member.emailAddress(),
                    MailTemplates.EMAIL_OTP,
                    Map.of(
                            MailTemplates.ORGANIZATION_NAME, org.organizationName(),
                            MailTemplates.CODE, code,
                            MailTemplates.EMAIL, member.emailAddress(),
                            MailTemplates.EXPIRATION_MINUTES, Integer.toString(minutes)));
            return EmailOtpLoginOrSignupResponse.of(member, existing.isEmpty(), org);
        });
    }

    /** {@code POST /v1/b2b/otps/email/authenticate}. */
    public EmailOtpAuthenticateResponse authenticate(Project project, EmailOtpAuthenticateRequest r) {
        Otps.requireField(r.organizationId(), "organization_id");
        Otps.requireField(r.emailAddress(), "email_address");
        Otps.requireField(r.code(), "code");
        String email = Emails.normalize(r.emailAddress());
        SessionArguments args = new SessionArguments(
                r.intermediateSessionToken(),
                r.sessionToken(),
                r.sessionJwt(),
                r.sessionDurationMinutes(),
                r.sessionCustomClaims());
        if (args.sessionToken() != null && args.sessionJwt() != null) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Pass at most one of session_token and session_jwt.");
        }
        Checked<Completed> checked =
                db.inTransaction(tx -> check(tx, project, r.organizationId(), email, r.code(), args));
        Completed completed = checked.orThrow();
        return SignInAnswers.emailOtp(signIn.finish(project, completed.outcome()), completed.emailId());
    }

    /** A login's outcome and the member's email id, the answer's method id. */
    private record Completed(String emailId, SignInOutcome outcome) {}

    private Checked<Completed> check(
            Tx tx, Project project, String organizationRef, String email, String code, SessionArguments args) {
        Organization org = organizations.resolve(tx, project, organizationRef);
        Member member = members.findByEmail(tx, project, org.organizationId(), email)
                .orElseThrow(() -> new ApiException(ErrorType.OTP_CODE_NOT_FOUND, "The passcode is incorrect."));
        requireEmailOtpAllowed(org, member.isBreakglass());
        signIn.requireContinuable(tx, project, org, member, args);
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
        AuthenticationFactor factor = Factors.emailOtp(
                emailId, member.emailAddress(), Timestamps.format(Timestamps.truncate(clock.instant())));
        return Checked.ok(new Completed(emailId, signIn.complete(tx, project, org, member, factor, args)));
    }

    private static void requireEmailOtpAllowed(Organization org, boolean breakglass) {
        if (!OrganizationPolicy.allowsAuthMethod(org, AuthMethod.EMAIL_OTP, breakglass)) {
            throw new ApiException(
                    ErrorType.AUTH_METHOD_NOT_ALLOWED,
                    "This organization does not allow email one-time passcodes (auth_methods is RESTRICTED).");
        }
    }

    private static int minutes(Integer requested, String field) {
        int value = requested == null ? DEFAULT_MINUTES : requested;
        if (value < MIN_MINUTES || value > MAX_MINUTES) {
            throw new ApiException(
                    ErrorType.INVALID_EXPIRATION_MINUTES,
                    field + " must be between " + MIN_MINUTES + " and " + MAX_MINUTES + ".");
        }
        return value;
    }
}
