package io.latchkey.api.totp;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import java.util.List;

/** Answer of TOTP migrate: the new registration and its recovery codes. */
public record MigrateTotpResponse(
        String requestId,
        String memberId,
        Member member,
        Organization organization,
        String totpRegistrationId,
        List<String> recoveryCodes,
        int statusCode) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static MigrateTotpResponse of(
            Member member, Organization organization, String totpRegistrationId, List<String> recoveryCodes) {
        return new MigrateTotpResponse(
                null, member.memberId(), member, organization, totpRegistrationId, recoveryCodes, 200);
    }

    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
