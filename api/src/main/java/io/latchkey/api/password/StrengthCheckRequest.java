package io.latchkey.api.password;

import io.latchkey.api.Redacted;

/** {@code POST /v1/b2b/passwords/strength_check}; {@code emailAddress} may be null. */
public record StrengthCheckRequest(String password, String emailAddress) {
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
