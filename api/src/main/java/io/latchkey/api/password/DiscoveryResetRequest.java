package io.latchkey.api.password;

import io.latchkey.api.Redacted;

/** {@code POST /v1/b2b/passwords/discovery/email/reset}: the emailed discovery link and a new password. */
public record DiscoveryResetRequest(String passwordResetToken, String password, String pkceCodeVerifier) {
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
