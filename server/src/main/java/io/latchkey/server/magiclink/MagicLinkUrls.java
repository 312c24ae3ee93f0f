package io.latchkey.server.magiclink;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The emailed URL: {@code <redirect>?stytch_token_type=<type>&token=<token>}, as Stytch's clients expect. */
public final class MagicLinkUrls {
    private MagicLinkUrls() {}

    public static String link(String redirectUrl, String tokenType, String token) {
        String separator = redirectUrl.contains("?") ? "&" : "?";
        return redirectUrl + separator + "stytch_token_type=" + tokenType + "&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
