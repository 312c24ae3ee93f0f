package io.latchkey.server.project;

import java.util.Locale;

/** The kinds of emailed link a redirect URL may be used for. */
public enum RedirectUrlType {
    LOGIN,
    SIGNUP,
    INVITE,
    DISCOVERY,
    RESET_PASSWORD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RedirectUrlType parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown redirect URL type '" + value + "' (login, signup, invite, discovery, reset_password)");
        }
    }
}
