package io.latchkey.api.password;

import io.latchkey.api.Redacted;

/** {@code POST /v1/b2b/passwords/discovery/authenticate}: the email's password, no organization yet. */
public record DiscoveryAuthenticateRequest(String emailAddress, String password) {
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
