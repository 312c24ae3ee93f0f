package io.latchkey.server.otp;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.otp.SmsAuthenticateRequest;
import io.latchkey.api.otp.SmsAuthenticateResponse;
import io.latchkey.api.otp.SmsSendRequest;
import io.latchkey.api.otp.SmsSendResponse;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.KeyedHash;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.mail.MailMessage;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.mfa.Attempt;
import io.latchkey.server.mfa.Checked;
import io.latchkey.server.mfa.Factors;
import io.latchkey.server.mfa.MfaAttemptService;
import io.latchkey.server.mfa.MfaFactor;
import io.latchkey.server.mfa.MfaMethods;
import io.latchkey.server.mfa.SecondFactorService;
import io.latchkey.server.organization.MfaMethod;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInAnswers;
import io.latchkey.server.signin.SignInOutcome.Authenticated;
import io.latchkey.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * SMS one-time passcodes, a second factor only: send a code to the member's MFA phone number
 * (setting the number when the member has none), and authenticate it to complete MFA from an
 * intermediate session or to add the factor to a session. The SMS is queued in the outbox in the
 * same transaction as the code, so it goes out if and only if the code exists. Thread-safe.
 */
public final class SmsOtpService {
    /** Stytch's codes live two minutes; a little longer leaves room for a slow SMS route. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

    private static final int MAX_NAME_IN_SMS = 40;

    private final Database db;
    private final OtpCodes codes;
    private final OrganizationService organizations;
    private final MemberService members;
    private final SecondFactorService secondFactors;
    private final MfaAttemptService attempts;
    private final SignIn signIn;
    private final MailService mail;
    private final RateLimitService rateLimits;
    private final Clock clock;

    public SmsOtpService(
            Database db,
            OtpStore store,
            KeyedHash hasher,
            OrganizationService organizations,
            MemberService members,
            SecondFactorService secondFactors,
            MfaAttemptService attempts,
            SignIn signIn,
            MailService mail,
            RateLimitService rateLimits,
            Clock clock) {
        this.db = db;
        this.codes = new OtpCodes(store, hasher, clock);
        this.organizations = organizations;
        this.members = members;
        this.secondFactors = secondFactors;
        this.attempts = attempts;
        this.signIn = signIn;
        this.mail = mail;
        this.rateLimits = rateLimits;
        this.clock = clock;
    }

    /** {@code POST /v1/b2b/otps/sms/send}. */
    public SmsSendResponse send(Project project, SmsSendRequest r) {
        Otps.requireField(r.organizationId(), "organization_id");
        Otps.requireField(r.memberId(), "member_id");
        SessionArguments args = SessionArguments.tokens(r.intermediateSessionToken(), r.sessionToken(), r.sessionJwt())
                .requireAtMostOne();
        String requested = r.mfaPhoneNumber() == null || r.mfaPhoneNumber().isBlank() ? null : r.mfaPhoneNumber();
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, r.organizationId());
            Member member = members.resolve(tx, project, org.organizationId(), r.memberId());
            MfaMethods.requireAllowed(org, MfaMethod.SMS_OTP);
            if (requested != null && member.mfaPhoneNumber().isEmpty()) {
                // A new number is a new factor: whoever holds only the first factor must not add one.
                secondFactors.requireProofForNewFactor(tx, project, org, member, args);
                member = members.setMfaPhoneNumber(tx, project, org.organizationId(), member.memberId(), requested);
            } else {
                signIn.presented(tx, project, org, member, args);
                if (requested != null) {
                    // The same number (in any notation) is accepted; another one is refused.
                    member = members.setMfaPhoneNumber(tx, project, org.organizationId(), member.memberId(), requested);
                }
            }
            String phone = member.mfaPhoneNumber();
            if (phone.isEmpty()) {
                throw new ApiException(
                        ErrorType.MEMBER_PHONE_NUMBER_NOT_FOUND,
                        "The member has no mfa_phone_number: pass one to send the code to.");
            }
            rateLimits.countSmsSend(tx, project, org.organizationId(), phone);
            String code = codes.issue(
                    tx, project, org.organizationId(), member.memberId(), OtpCode.SMS, phone, CODE_LIFETIME);
            mail.queue(tx, project.projectId(), MailMessage.sms(phone, text(org, code)));
            return new SmsSendResponse(member, org);
        });
    }

    /** {@code POST /v1/b2b/otps/sms/authenticate}. */
    public SmsAuthenticateResponse authenticate(Project project, SmsAuthenticateRequest r) {
        Otps.requireField(r.organizationId(), "organization_id");
        Otps.requireField(r.memberId(), "member_id");
        Otps.requireField(r.code(), "code");
        SessionArguments args = new SessionArguments(
                        r.intermediateSessionToken(),
                        r.sessionToken(),
                        r.sessionJwt(),
                        r.sessionDurationMinutes(),
                        r.sessionCustomClaims())
                .requireExactlyOne();
        String enrollment = SecondFactorService.validEnrollment(r.setMfaEnrollment());
        Authenticated authenticated = db.inTransaction(tx -> {
                    Organization org = organizations.resolve(tx, project, r.organizationId());
                    Member member = members.resolve(tx, project, org.organizationId(), r.memberId());
                    MfaMethods.requireAllowed(org, MfaMethod.SMS_OTP);
                    if (member.mfaPhoneNumber().isEmpty()) {
                        throw new ApiException(
                                ErrorType.MEMBER_PHONE_NUMBER_NOT_FOUND, "The member has no mfa_phone_number.");
                    }
                    // Refusals that involve no guess come first and cost no attempt.
                    signIn.presented(tx, project, org, member, args);
                    Attempt attempt =
                            attempts.begin(tx, project, org.organizationId(), member.memberId(), MfaFactor.SMS_OTP);
                    Optional<ApiException> refusal = codes.refusal(
                            tx, project, member.memberId(), OtpCode.SMS, member.mfaPhoneNumber(), r.code());
                    if (refusal.isPresent()) {
                        attempts.failed(tx, attempt);
                        return Checked.<Authenticated>refused(refusal.get());
                    }
                    attempts.succeeded(tx, attempt);
                    member = members.markMfaPhoneNumberVerified(tx, project, org.organizationId(), member.memberId());
                    member = secondFactors.applyMfaSettings(
                            tx,
                            project,
                            org,
                            member,
                            MfaMethod.SMS_OTP,
                            enrollment,
                            Boolean.TRUE.equals(r.setDefaultMfa()));
                    AuthenticationFactor factor = Factors.smsOtp(
                            phoneId(project, member),
                            member.mfaPhoneNumber(),
                            Timestamps.format(Timestamps.truncate(clock.instant())));
                    return Checked.ok(signIn.complete(tx, project, org, member, factor, args)
                            .authenticated());
                })
                .orThrow();
        return SignInAnswers.sms(signIn.finish(project, authenticated).authenticated());
    }

    /**
     * A stable id for the member's phone number (the factor's {@code phone_id}), derived rather
     * than stored: it stays the same while the number does.
     */
    static String phoneId(Project project, Member member) {
        UUID uuid = UUID.nameUUIDFromBytes(
                (member.memberId() + "\u0000" + member.mfaPhoneNumber()).getBytes(StandardCharsets.UTF_8));
        return "phone-number-" + project.environment().marker() + "-" + uuid;
    }

    private static String text(Organization org, String code) {
        String name = org.organizationName().replaceAll("\\p{Cntrl}", " ").strip();
        if (name.codePointCount(0, name.length()) > MAX_NAME_IN_SMS) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME_IN_SMS - 1)) + "…";
        }
        return code + " is your " + name + " verification code. It expires in " + CODE_LIFETIME.toMinutes()
                + " minutes.";
    }
}
