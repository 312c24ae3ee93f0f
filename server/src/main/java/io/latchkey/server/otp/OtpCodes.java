package io.latchkey.server.otp;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.KeyedHash;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Six-digit codes for SMS and email: drawn from SecureRandom, stored as a keyed hash bound to
 * the code's id, live until used, replaced or expired, and dead after {@link #MAX_WRONG_GUESSES}
 * wrong guesses. Each method joins the caller's transaction. Thread-safe.
 */
final class OtpCodes {
    static final int MAX_WRONG_GUESSES = 5;

    private final OtpStore store;
    private final KeyedHash hasher;
    private final Clock clock;

    OtpCodes(OtpStore store, KeyedHash hasher, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Retires every unused code of the member, SMS and email alike. */
    void expireForMember(Tx tx, String projectId, String memberId) {
        store.expireForMember(tx, projectId, memberId, Timestamps.truncate(clock.instant()));
    }

    /** Issues a new code (retiring the member's older ones of this kind); returns it in clear. */
    String issue(
            Tx tx,
            Project project,
            String organizationId,
            String memberId,
            String kind,
            String destination,
            Duration lifetime) {
        Instant now = Timestamps.truncate(clock.instant());
        store.supersede(tx, project.projectId(), memberId, kind, now);
        String code = String.format("%06d", Tokens.randomInt(1_000_000));
        String otpId = Ids.newId("otp", project.environment());
        store.insert(
                tx,
                new OtpCode(
                        otpId,
                        project.projectId(),
                        organizationId,
                        memberId,
                        kind,
                        destination,
                        hash(otpId, code),
                        0,
                        now,
                        now.plus(lifetime)));
        return code;
    }

    /**
     * Checks {@code code} against the member's live code of this kind and uses it up when right.
     * A wrong guess is counted on the code; the caller must commit that.
     *
     * @return empty when the code was right (it is now used up), else the refusal:
     *     unable_to_auth_otp_code (no live code: never sent, expired, used, replaced or guessed at
     *     too often), otp_code_not_found (wrong code)
     */
    Optional<ApiException> refusal(
            Tx tx, Project project, String memberId, String kind, String destination, String code) {
        Instant now = Timestamps.truncate(clock.instant());
        Optional<OtpCode> live = store.findLive(tx, project.projectId(), memberId, kind, now)
                .filter(c -> c.attempts() < MAX_WRONG_GUESSES && c.destination().equals(destination));
        if (live.isEmpty()) {
            return Optional.of(new ApiException(
                    ErrorType.UNABLE_TO_AUTH_OTP_CODE,
                    "The passcode could not be authenticated: it expired, was already used or replaced, or was"
                            + " guessed at too often. Send another passcode."));
        }
        OtpCode c = live.get();
        if (code == null || !Tokens.constantTimeEquals(hash(c.otpId(), code.strip()), c.codeHash())) {
            store.countWrongGuess(tx, project.projectId(), c.otpId());
            return Optional.of(new ApiException(ErrorType.OTP_CODE_NOT_FOUND, "The passcode is incorrect."));
        }
        if (!store.consume(tx, project.projectId(), c.otpId(), now)) {
            return Optional.of(new ApiException(ErrorType.UNABLE_TO_AUTH_OTP_CODE, "The passcode was already used."));
        }
        return Optional.empty();
    }

    private String hash(String otpId, String code) {
        return hasher.hash("otp_codes/" + otpId, code);
    }
}
