package io.latchkey.server.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/...} URI that authenticator apps read from the QR code (Google's
 * Key Uri Format): the organization as issuer, the member's email as account. Stateless.
 */
final class OtpAuthUri {
    private OtpAuthUri() {}

    static String of(String issuer, String account, String base32Secret) {
        String cleanIssuer = issuer.replace(":", " ").strip();
        return "otpauth://totp/" + encode(cleanIssuer) + ":" + encode(account)
                + "?secret=" + base32Secret
                + "&issuer=" + encode(cleanIssuer)
                + "&algorithm=SHA1&digits=" + TotpCodes.DIGITS + "&period=" + TotpCodes.STEP_SECONDS;
    }

    /** Percent-encoding as in a URI path: a space is %20, not the form encoding's '+'. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
