package io.latchkey.api.recoverycode;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import java.util.List;

/** Answer of recovery codes get and rotate: the member's unused recovery codes. */
public record RecoveryCodesResponse(
        String requestId,
        String memberId,
        Member member,
        Organization organization,
        List<String> recoveryCodes,
        int statusCode) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }

    public RecoveryCodesResponse(Member member, Organization organization, List<String> recoveryCodes) {
        this(null, member.memberId(), member, organization, recoveryCodes, 200);
    }
}
