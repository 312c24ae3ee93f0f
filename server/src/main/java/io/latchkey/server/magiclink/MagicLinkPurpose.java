package io.latchkey.server.magiclink;

import java.util.Locale;

/** Why a link was sent; decides its template, its redirect URL type and its default lifetime. */
public enum MagicLinkPurpose {
    LOGIN,
    SIGNUP,
    INVITE,
    DISCOVERY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MagicLinkPurpose of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
