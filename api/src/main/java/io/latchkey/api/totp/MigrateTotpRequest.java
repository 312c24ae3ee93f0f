package io.latchkey.api.totp;

import io.latchkey.api.Redacted;
import java.util.List;

/**
 * {@code POST /v1/b2b/totp/migrate}: imports an existing base32 secret as an active registration,
 * with the given recovery codes or, when none are given, new ones.
 */
public record MigrateTotpRequest(String organizationId, String memberId, String secret, List<String> recoveryCodes) {
    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
