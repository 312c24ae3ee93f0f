package io.latchkey.server.frontend;

import io.latchkey.api.otp.SmsAuthenticateRequest;
import io.latchkey.api.otp.SmsAuthenticateResponse;
import io.latchkey.api.otp.SmsSendRequest;
import io.latchkey.api.otp.SmsSendResponse;
import io.latchkey.api.recoverycode.RecoverRequest;
import io.latchkey.api.recoverycode.RecoverResponse;
import io.latchkey.api.recoverycode.RecoveryCodesResponse;
import io.latchkey.api.recoverycode.RotateRecoveryCodesRequest;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.api.totp.AuthenticateTotpRequest;
import io.latchkey.api.totp.AuthenticateTotpResponse;
import io.latchkey.api.totp.CreateTotpRequest;
import io.latchkey.api.totp.CreateTotpResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.frontend.FrontendBodies.Recover;
import io.latchkey.server.frontend.FrontendBodies.SmsAuthenticate;
import io.latchkey.server.frontend.FrontendBodies.SmsSend;
import io.latchkey.server.frontend.FrontendBodies.TotpAuthenticate;
import io.latchkey.server.frontend.FrontendBodies.TotpCreate;
import io.latchkey.server.otp.SmsOtpService;
import io.latchkey.server.project.Project;
import io.latchkey.server.recoverycode.RecoveryCodeService;
import io.latchkey.server.totp.TotpService;

/**
 * The frontend SDK's second-factor calls: SMS OTP, TOTP and recovery codes. The backend calls
 * accept an organization and member on the secret's word alone; from a browser, whose only
 * credential is a public token, each call must carry proof of a first factor of that very
 * member: the intermediate session the SDK keeps in the body, else the session in the
 * Authorization header. The sign-in room then checks that the proof names the member in the
 * body (a proof of one member opens nothing of another's), so a visitor can neither send SMS to,
 * enrol an authenticator for, nor guess codes of anyone else.
 */
public final class FrontendMfaService {
    private final FrontendService frontend;
    private final SmsOtpService sms;
    private final TotpService totps;
    private final RecoveryCodeService recoveryCodes;

    public FrontendMfaService(
            FrontendService frontend, SmsOtpService sms, TotpService totps, RecoveryCodeService recoveryCodes) {
        this.frontend = frontend;
        this.sms = sms;
        this.totps = totps;
        this.recoveryCodes = recoveryCodes;
    }

    /** The proof of a first factor a call carries: exactly one of the two is set. */
    record Proof(String intermediateSessionToken, String sessionToken) {
        static Proof of(String intermediateSessionToken, String headerSession) {
            if (!FrontendLoginService.blank(intermediateSessionToken)) {
                return new Proof(intermediateSessionToken, null);
            }
            if (headerSession != null) {
                return new Proof(null, headerSession);
            }
            // One of the error types that make the SDK drop what it holds.
            throw new ApiException(
                    ErrorType.UNAUTHORIZED_CREDENTIALS,
                    "No intermediate_session_token in the body and no session in the Authorization header:"
                            + " complete a first factor of this member in this browser first.");
        }

        @Override
        public String toString() {
            return "Proof[secrets masked]";
        }
    }

    public SmsSendResponse sendSms(Project project, String sessionToken, SmsSend r) {
        Proof p = Proof.of(r.intermediateSessionToken(), sessionToken);
        return sms.send(
                project,
                new SmsSendRequest(
                        r.organizationId(),
                        r.memberId(),
                        r.mfaPhoneNumber(),
                        r.locale(),
                        p.intermediateSessionToken(),
                        p.sessionToken(),
                        null));
    }

    public SmsAuthenticateResponse authenticateSms(Project project, String sessionToken, SmsAuthenticate r) {
        Proof p = Proof.of(r.intermediateSessionToken(), sessionToken);
        return sms.authenticate(
                project,
                new SmsAuthenticateRequest(
                        r.organizationId(),
                        r.memberId(),
                        r.code(),
                        p.intermediateSessionToken(),
                        p.sessionToken(),
                        null,
                        r.sessionDurationMinutes(),
                        null,
                        r.setMfaEnrollment(),
                        null,
                        null));
    }

    public CreateTotpResponse createTotp(Project project, String sessionToken, TotpCreate r) {
        Proof p = Proof.of(r.intermediateSessionToken(), sessionToken);
        return totps.create(
                project,
                new CreateTotpRequest(
                        r.organizationId(),
                        r.memberId(),
                        r.expirationMinutes(),
                        p.intermediateSessionToken(),
                        p.sessionToken(),
                        null));
    }

    public AuthenticateTotpResponse authenticateTotp(Project project, String sessionToken, TotpAuthenticate r) {
        Proof p = Proof.of(r.intermediateSessionToken(), sessionToken);
        return totps.authenticate(
                project,
                new AuthenticateTotpRequest(
                        r.organizationId(),
                        r.memberId(),
                        r.code(),
                        p.intermediateSessionToken(),
                        p.sessionToken(),
                        null,
                        r.sessionDurationMinutes(),
                        null,
                        r.setMfaEnrollment(),
                        r.setDefaultMfa(),
                        null));
    }

    public RecoverResponse recover(Project project, String sessionToken, Recover r) {
        Proof p = Proof.of(r.intermediateSessionToken(), sessionToken);
        return recoveryCodes.recover(
                project,
                new RecoverRequest(
                        r.organizationId(),
                        r.memberId(),
                        r.recoveryCode(),
                        p.intermediateSessionToken(),
                        p.sessionToken(),
                        null,
                        r.sessionDurationMinutes(),
                        null,
                        null));
    }

    /** The session member's own unused codes. */
    public RecoveryCodesResponse recoveryCodes(Project project, String sessionToken) {
        AuthenticateSessionResponse session = frontend.session(project, sessionToken, null);
        return recoveryCodes.get(
                project,
                session.organization().organizationId(),
                session.member().memberId());
    }

    /** New codes for the session's own member; the old ones stop working. */
    public RecoveryCodesResponse rotateRecoveryCodes(Project project, String sessionToken) {
        AuthenticateSessionResponse session = frontend.session(project, sessionToken, null);
        return recoveryCodes.rotate(
                project,
                new RotateRecoveryCodesRequest(
                        session.organization().organizationId(),
                        session.member().memberId()));
    }
}
