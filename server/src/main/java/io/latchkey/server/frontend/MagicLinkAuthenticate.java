package io.latchkey.server.frontend;

/** {@code POST /sdk/v1/b2b/magic_links/authenticate}, as the SDK sends it. */
public record MagicLinkAuthenticate(
        String magicLinksToken,
        String pkceCodeVerifier,
        Integer sessionDurationMinutes,
        String intermediateSessionToken,
        String locale) {
    @Override
    public String toString() {
        return "MagicLinkAuthenticate[secrets masked]";
    }
}
