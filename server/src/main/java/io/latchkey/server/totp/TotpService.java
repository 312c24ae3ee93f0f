package io.latchkey.server.totp;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.totp.AuthenticateTotpRequest;
import io.latchkey.api.totp.AuthenticateTotpResponse;
import io.latchkey.api.totp.CreateTotpRequest;
import io.latchkey.api.totp.CreateTotpResponse;
import io.latchkey.api.totp.MigrateTotpRequest;
import io.latchkey.api.totp.MigrateTotpResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
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
import io.latchkey.server.recoverycode.RecoveryCodeService;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInAnswers;
import io.latchkey.server.signin.SignInOutcome.Authenticated;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * TOTP registrations (RFC 6238 authenticator apps): create one (a secret, its QR code and
 * recovery codes), authenticate a code to complete MFA or add the factor to a session, and import
 * one (migrate). The secret is sealed with the master key, bound to its row. A registration is
 * pending until its first accepted code, then the member's active one; no code is accepted twice.
 * Thread-safe.
 */
public final class TotpService {
    static final int DEFAULT_EXPIRATION_MINUTES = 60;
    private static final int MIN_EXPIRATION_MINUTES = 5;
    private static final int MAX_EXPIRATION_MINUTES = 1440;
    /** 160 bits, as RFC 4226 recommends for HMAC-SHA1. */
    private static final int SECRET_BYTES = 20;
    /** Imported secrets: at least 80 bits (what older apps issued), at most 512. */
    private static final int MIN_IMPORTED_SECRET_BYTES = 10;

    private static final int MAX_IMPORTED_SECRET_BYTES = 64;
    private static final Pattern CODE = Pattern.compile("[0-9]{" + TotpCodes.DIGITS + "}");

    private final Database db;
    private final TotpStore store;
    private final SecretBox box;
    private final RecoveryCodeService recoveryCodes;
    private final OrganizationService organizations;
    private final MemberService members;
    private final SecondFactorService secondFactors;
    private final MfaAttemptService attempts;
    private final SignIn signIn;
    private final Clock clock;

    public TotpService(
            Database db,
            TotpStore store,
            SecretBox box,
            RecoveryCodeService recoveryCodes,
            OrganizationService organizations,
            MemberService members,
            SecondFactorService secondFactors,
            MfaAttemptService attempts,
            SignIn signIn,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.box = box;
        this.recoveryCodes = recoveryCodes;
        this.organizations = organizations;
        this.members = members;
        this.secondFactors = secondFactors;
        this.attempts = attempts;
        this.signIn = signIn;
        this.clock = clock;
    }

    /** {@code POST /v1/b2b/totp}. */
    public CreateTotpResponse create(Project project, CreateTotpRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.memberId(), "member_id");
        Duration lifetime = lifetime(r.expirationMinutes());
        SessionArguments args = SessionArguments.tokens(r.intermediateSessionToken(), r.sessionToken(), r.sessionJwt())
                .requireAtMostOne();
        byte[] secret = Tokens.randomBytes(SECRET_BYTES);
        Created created = db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, r.organizationId());
            // Locked: enrolments of one member run one after the other, so "no active registration"
            // still holds when the new one is written.
            Member member = members.resolveForUpdate(tx, project, org.organizationId(), r.memberId());
            MfaMethods.requireAllowed(org, MfaMethod.TOTP);
            requireNoActive(tx, project, member);
            secondFactors.requireProofForNewFactor(tx, project, org, member, args);
            // A member enrols one authenticator at a time: an unfinished earlier attempt is dropped.
            store.deletePending(tx, project.projectId(), member.memberId(), null);
            Instant now = Timestamps.truncate(clock.instant());
            TotpRegistration registration =
                    newRegistration(project, org, member, TotpRegistration.PENDING, secret, now, now.plus(lifetime));
            store.insert(tx, registration, null);
            List<String> codes = recoveryCodes.issue(tx, project, member.memberId(), registration.totpRegistrationId());
            return new Created(org, member, registration.totpRegistrationId(), codes);
        });
        String base32 = Base32.encode(secret);
        String qr = TotpQrCode.dataUrl(
                OtpAuthUri.of(created.org().organizationName(), created.member().emailAddress(), base32));
        return CreateTotpResponse.of(
                created.member(), created.org(), created.registrationId(), base32, qr, created.codes());
    }

    private record Created(Organization org, Member member, String registrationId, List<String> codes) {}

    /** {@code POST /v1/b2b/totp/authenticate}. */
    public AuthenticateTotpResponse authenticate(Project project, AuthenticateTotpRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.memberId(), "member_id");
        requireField(r.code(), "code");
        if (!CODE.matcher(r.code()).matches()) {
            throw new ApiException(ErrorType.INVALID_TOTP_CODE, "code must be " + TotpCodes.DIGITS + " digits.");
        }
        SessionArguments args = new SessionArguments(
                        r.intermediateSessionToken(),
                        r.sessionToken(),
                        r.sessionJwt(),
                        r.sessionDurationMinutes(),
                        r.sessionCustomClaims())
                .requireExactlyOne();
        String enrollment = SecondFactorService.validEnrollment(r.setMfaEnrollment());
        Authenticated authenticated = db.inTransaction(tx -> {
                    Instant now = Timestamps.truncate(clock.instant());
                    Organization org = organizations.resolve(tx, project, r.organizationId());
                    Member member = members.resolve(tx, project, org.organizationId(), r.memberId());
                    MfaMethods.requireAllowed(org, MfaMethod.TOTP);
                    TotpRegistration registration = store.findActiveOrNewestPending(
                                    tx, project.projectId(), member.memberId(), now)
                            .orElseThrow(() ->
                                    new ApiException(ErrorType.TOTP_NOT_FOUND, "The member has no TOTP registration."));
                    signIn.presented(tx, project, org, member, args);

                    Attempt attempt =
                            attempts.begin(tx, project, org.organizationId(), member.memberId(), MfaFactor.TOTP);
                    byte[] secret = box.open(registration.sealedSecret(), registration.sealingContext());
                    OptionalLong step = TotpCodes.matchingStep(secret, r.code(), now);
                    if (step.isEmpty()) {
                        attempts.failed(tx, attempt);
                        return Checked.<Authenticated>refused(
                                new ApiException(ErrorType.UNABLE_TO_AUTHENTICATE_TOTP, "The TOTP code is incorrect."));
                    }
                    if (!store.recordUse(
                            tx, project.projectId(), registration.totpRegistrationId(), step.getAsLong())) {
                        attempts.failed(tx, attempt);
                        return Checked.<Authenticated>refused(new ApiException(
                                ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED,
                                "This TOTP code was already used; wait for the next one."));
                    }
                    attempts.succeeded(tx, attempt);

                    Member current =
                            registration.isPending() ? activate(tx, project, org, member, registration, now) : member;
                    current = secondFactors.applyMfaSettings(
                            tx,
                            project,
                            org,
                            current,
                            MfaMethod.TOTP,
                            enrollment,
                            Boolean.TRUE.equals(r.setDefaultMfa()));
                    return Checked.ok(signIn.complete(
                                    tx,
                                    project,
                                    org,
                                    current,
                                    Factors.totp(registration.totpRegistrationId(), Timestamps.format(now)),
                                    args)
                            .authenticated());
                })
                .orThrow();
        return SignInAnswers.totp(signIn.finish(project, authenticated).authenticated());
    }

    /** {@code POST /v1/b2b/totp/migrate}: an existing secret becomes the active registration. */
    public MigrateTotpResponse migrate(Project project, MigrateTotpRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.memberId(), "member_id");
        requireField(r.secret(), "secret");
        byte[] secret = importedSecret(r.secret());
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, r.organizationId());
            Member member = members.resolveForUpdate(tx, project, org.organizationId(), r.memberId());
            requireNoActive(tx, project, member);
            store.deletePending(tx, project.projectId(), member.memberId(), null);
            Instant now = Timestamps.truncate(clock.instant());
            TotpRegistration registration =
                    newRegistration(project, org, member, TotpRegistration.ACTIVE, secret, now, null);
            store.insert(tx, registration, now);
            List<String> codes = recoveryCodes.adopt(
                    tx, project, member.memberId(), registration.totpRegistrationId(), r.recoveryCodes());
            Member updated = members.setTotpRegistration(
                    tx, project, org.organizationId(), member.memberId(), registration.totpRegistrationId());
            return MigrateTotpResponse.of(updated, org, registration.totpRegistrationId(), codes);
        });
    }

    /**
     * {@code DELETE .../members/{member_id}/totp}: the member's TOTP registrations, active and
     * pending, go with their recovery codes, so that it can enrol a new authenticator. A member
     * without one is answered as it is.
     */
    public MemberResponse deleteForMember(Project project, String organizationRef, String memberRef) {
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            Member member = members.resolveForUpdate(tx, project, org.organizationId(), memberRef);
            store.deleteAll(tx, project.projectId(), member.memberId());
            return new MemberResponse(
                    members.setTotpRegistration(tx, project, org.organizationId(), member.memberId(), null), org);
        });
    }

    // ---------------------------------------------------------------- internals

    /** The first accepted code makes a pending registration the member's active one. */
    private Member activate(
            Tx tx, Project project, Organization org, Member member, TotpRegistration registration, Instant now) {
        store.deletePending(tx, project.projectId(), member.memberId(), registration.totpRegistrationId());
        if (!store.activate(tx, project.projectId(), registration.totpRegistrationId(), now)) {
            // A concurrent request activated it between our read and now; its code was this one's.
            throw new ApiException(ErrorType.TOTP_CODE_ALREADY_AUTHENTICATED, "This TOTP code was already used.");
        }
        return members.setTotpRegistration(
                tx, project, org.organizationId(), member.memberId(), registration.totpRegistrationId());
    }

    private TotpRegistration newRegistration(
            Project project,
            Organization org,
            Member member,
            String status,
            byte[] secret,
            Instant now,
            Instant expiresAt) {
        String id = Ids.newId("totp-registration", project.environment());
        return new TotpRegistration(
                id,
                project.projectId(),
                org.organizationId(),
                member.memberId(),
                status,
                box.seal(secret, TotpRegistration.sealingContext(id)),
                null,
                now,
                expiresAt);
    }

    private void requireNoActive(Tx tx, Project project, Member member) {
        if (store.findActive(tx, project.projectId(), member.memberId()).isPresent()) {
            throw new ApiException(
                    ErrorType.ACTIVE_TOTP_EXISTS,
                    "The member already has an active TOTP registration; only one may exist at a time.");
        }
    }

    private static byte[] importedSecret(String base32) {
        byte[] secret;
        try {
            secret = Base32.decode(base32);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorType.INVALID_TOTP_SECRET, "secret must be base32 (A-Z, 2-7).");
        }
        if (secret.length < MIN_IMPORTED_SECRET_BYTES || secret.length > MAX_IMPORTED_SECRET_BYTES) {
            throw new ApiException(
                    ErrorType.INVALID_TOTP_SECRET,
                    "secret must decode to " + MIN_IMPORTED_SECRET_BYTES + " to " + MAX_IMPORTED_SECRET_BYTES
                            + " bytes.");
        }
        return secret;
    }

    private static Duration lifetime(Integer minutes) {
        int value = minutes == null ? DEFAULT_EXPIRATION_MINUTES : minutes;
        if (value < MIN_EXPIRATION_MINUTES || value > MAX_EXPIRATION_MINUTES) {
            throw new ApiException(
                    ErrorType.INVALID_EXPIRATION_MINUTES,
                    "expiration_minutes must be between " + MIN_EXPIRATION_MINUTES + " and " + MAX_EXPIRATION_MINUTES
                            + ".");
        }
        return Duration.ofMinutes(value);
    }

    private static void requireField(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, name + " is required.");
        }
    }
}
