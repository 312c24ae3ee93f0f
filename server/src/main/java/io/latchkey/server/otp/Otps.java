package io.latchkey.server.otp;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;

/** Request checks shared by the passcode services. Stateless. */
final class Otps {
    private Otps() {}

    static void requireField(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, name + " is required.");
        }
    }
}
