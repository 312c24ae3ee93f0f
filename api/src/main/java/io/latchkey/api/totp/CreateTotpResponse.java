package io.latchkey.api.totp;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import java.util.List;

/**
 * Answer of TOTP create: the secret in base32, the same as a QR code ({@code
 * data:image/png;base64,...}) and the registration's recovery codes. Shown once here.
 */
public record CreateTotpResponse(
        String requestId,
        String memberId,
        String totpRegistrationId,
        String secret,
        String qrCode,
        List<String> recoveryCodes,
        Member member,
        Organization organization,
        int statusCode) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static CreateTotpResponse of(
            Member member,
            Organization organization,
            String totpRegistrationId,
            String secret,
            String qrCode,
            List<String> recoveryCodes) {
        return new CreateTotpResponse(
                null, member.memberId(), totpRegistrationId, secret, qrCode, recoveryCodes, member, organization, 200);
    }

    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
