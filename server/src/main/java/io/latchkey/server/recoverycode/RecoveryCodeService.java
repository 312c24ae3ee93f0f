package io.latchkey.server.recoverycode;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.recoverycode.RecoverRequest;
import io.latchkey.api.recoverycode.RecoverResponse;
import io.latchkey.api.recoverycode.RecoveryCodesResponse;
import io.latchkey.api.recoverycode.RotateRecoveryCodesRequest;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.KeyedHash;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.mfa.Attempt;
import io.latchkey.server.mfa.Checked;
import io.latchkey.server.mfa.Factors;
import io.latchkey.server.mfa.MfaAttemptService;
import io.latchkey.server.mfa.MfaFactor;
import io.latchkey.server.mfa.MfaMethods;
import io.latchkey.server.organization.MfaMethod;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInAnswers;
import io.latchkey.server.signin.SignInOutcome.Authenticated;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recovery codes: the backup of a member's TOTP registration (they are created with it and die
 * with it), each usable once to complete MFA in its place. They are kept sealed with the master
 * key, so get can show them as Stytch does, and as a keyed hash to find and compare them; neither
 * form is readable from a copy of the database. Thread-safe.
 */
public final class RecoveryCodeService {
    public static final int COUNT = 10;
    private static final int MAX_IMPORTED = 50;

    private final Database db;
    private final RecoveryCodeStore store;
    private final SecretBox box;
    private final KeyedHash hasher;
    private final OrganizationService organizations;
    private final MemberService members;
    private final MfaAttemptService attempts;
    private final SignIn signIn;
    private final Clock clock;

    public RecoveryCodeService(
            Database db,
            RecoveryCodeStore store,
            SecretBox box,
            KeyedHash hasher,
            OrganizationService organizations,
            MemberService members,
            MfaAttemptService attempts,
            SignIn signIn,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.box = box;
        this.hasher = hasher;
        this.organizations = organizations;
        this.members = members;
        this.attempts = attempts;
        this.signIn = signIn;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- for the TOTP feature

    /** Creates {@link #COUNT} new codes for a TOTP registration in the caller's transaction. */
    public List<String> issue(Tx tx, Project project, String memberId, String totpRegistrationId) {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            codes.add(RecoveryCodeFormat.generate());
        }
        save(tx, project, memberId, totpRegistrationId, codes);
        return codes;
    }

    /**
     * Keeps codes issued elsewhere (TOTP migrate); none given means new ones.
     *
     * @throws ApiException invalid_recovery_code for a malformed, repeated or excess code
     */
    public List<String> adopt(Tx tx, Project project, String memberId, String totpRegistrationId, List<String> codes) {
        if (codes == null || codes.isEmpty()) {
            return issue(tx, project, memberId, totpRegistrationId);
        }
        if (codes.size() > MAX_IMPORTED) {
            throw new ApiException(
                    ErrorType.INVALID_RECOVERY_CODE, "At most " + MAX_IMPORTED + " recovery codes may be imported.");
        }
        Set<String> seen = new HashSet<>();
        for (String code : codes) {
            if (!seen.add(RecoveryCodeFormat.normalize(code))) {
                throw new ApiException(
                        ErrorType.INVALID_RECOVERY_CODE, "The recovery codes must differ from each other.");
            }
        }
        save(tx, project, memberId, totpRegistrationId, codes);
        return List.copyOf(codes);
    }

    // ---------------------------------------------------------------- the recovery codes API

    /** {@code GET /v1/b2b/recovery_codes/{organization_id}/{member_id}}: the unused codes. */
    public RecoveryCodesResponse get(Project project, String organizationRef, String memberRef) {
        return db.read(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            Member member = members.resolve(tx, project, org.organizationId(), memberRef);
            return new RecoveryCodesResponse(member, org, unusedCodes(tx, project, registrationOf(member)));
        });
    }

    /** {@code POST /v1/b2b/recovery_codes/rotate}: every old code stops working; new ones. */
    public RecoveryCodesResponse rotate(Project project, RotateRecoveryCodesRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.memberId(), "member_id");
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, r.organizationId());
            // Locked: two rotations running together would each delete only the codes they saw and
            // leave the other's new codes working.
            Member member = members.resolveForUpdate(tx, project, org.organizationId(), r.memberId());
            String registration = registrationOf(member);
            store.deleteAll(tx, project.projectId(), registration);
            return new RecoveryCodesResponse(member, org, issue(tx, project, member.memberId(), registration));
        });
    }

    /** {@code POST /v1/b2b/recovery_codes/recover}: completes MFA with a code, once. */
    public RecoverResponse recover(Project project, RecoverRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.memberId(), "member_id");
        String normal = RecoveryCodeFormat.normalize(r.recoveryCode());
        SessionArguments args = new SessionArguments(
                        r.intermediateSessionToken(),
                        r.sessionToken(),
                        r.sessionJwt(),
                        r.sessionDurationMinutes(),
                        r.sessionCustomClaims())
                .requireExactlyOne();
        Recovered recovered = db.inTransaction(tx -> {
                    Organization org = organizations.resolve(tx, project, r.organizationId());
                    Member member = members.resolve(tx, project, org.organizationId(), r.memberId());
                    // Recovery codes stand in for TOTP, so they count only where TOTP does.
                    MfaMethods.requireAllowed(org, MfaMethod.TOTP);
                    String registration = registrationOf(member);
                    signIn.presented(tx, project, org, member, args);
                    Attempt attempt = attempts.begin(
                            tx, project, org.organizationId(), member.memberId(), MfaFactor.RECOVERY_CODE);
                    Instant now = Timestamps.truncate(clock.instant());
                    Optional<String> found = store.findUnused(
                            tx, project.projectId(), member.memberId(), registration, hash(member.memberId(), normal));
                    // The conditional UPDATE decides when two requests race with the same code.
                    if (found.isEmpty() || !store.markUsed(tx, project.projectId(), found.get(), now)) {
                        attempts.failed(tx, attempt);
                        return Checked.<Recovered>refused(new ApiException(
                                ErrorType.UNABLE_TO_AUTHENTICATE_RECOVERY_CODE,
                                "The recovery code is not one of the member's unused recovery codes."));
                    }
                    attempts.succeeded(tx, attempt);
                    // A recovery code is the member's way out of a locked factor (a lost or guessed-at device).
                    Member unlocked = attempts.unlockAll(tx, project, org.organizationId(), member);
                    Authenticated session = signIn.complete(
                                    tx,
                                    project,
                                    org,
                                    unlocked,
                                    Factors.recoveryCode(found.get(), Timestamps.format(now)),
                                    args)
                            .authenticated();
                    return Checked.ok(new Recovered(session, store.countUnused(tx, project.projectId(), registration)));
                })
                .orThrow();
        return SignInAnswers.recover(
                signIn.finish(project, recovered.session()).authenticated(), recovered.remaining());
    }

    private record Recovered(Authenticated session, int remaining) {}

    // ---------------------------------------------------------------- internals

    private void save(Tx tx, Project project, String memberId, String totpRegistrationId, List<String> codes) {
        List<RecoveryCodeStore.NewCode> rows = new ArrayList<>(codes.size());
        for (int i = 0; i < codes.size(); i++) {
            String id = Ids.newId("recovery-code", project.environment());
            String code = codes.get(i);
            rows.add(new RecoveryCodeStore.NewCode(
                    id, i, hash(memberId, RecoveryCodeFormat.normalize(code)), box.seal(code, sealingContext(id))));
        }
        store.insert(tx, project.projectId(), memberId, totpRegistrationId, rows, Timestamps.truncate(clock.instant()));
    }

    private List<String> unusedCodes(Tx tx, Project project, String totpRegistrationId) {
        return store.unused(tx, project.projectId(), totpRegistrationId).stream()
                .map(c -> box.openString(c.sealedCode(), sealingContext(c.recoveryCodeId())))
                .toList();
    }

    /**
     * The member's active TOTP registration, which its recovery codes back up.
     *
     * @throws ApiException no_active_recovery_code_backed_factor
     */
    private static String registrationOf(Member member) {
        if (member.totpRegistrationId().isEmpty()) {
            throw new ApiException(
                    ErrorType.NO_ACTIVE_RECOVERY_CODE_BACKED_FACTOR,
                    "The member has no active TOTP registration, so no recovery codes.");
        }
        return member.totpRegistrationId();
    }

    /** Bound to the member: equal codes of two members hash apart. */
    private String hash(String memberId, String normalCode) {
        return hasher.hash("recovery_codes/" + memberId, normalCode);
    }

    private static String sealingContext(String recoveryCodeId) {
        return "recovery_codes/" + recoveryCodeId;
    }

    private static void requireField(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, name + " is required.");
        }
    }
}
