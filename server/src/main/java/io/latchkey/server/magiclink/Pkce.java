package io.latchkey.server.magiclink;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** PKCE (RFC 7636, S256): a link, reset token or SSO token is usable only by whoever holds the verifier. */
public final class Pkce {
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** RFC 7636 4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private Pkce() {}

    public static String validChallenge(String challenge) {
        if (challenge == null) {
            return null;
        }
        if (!CHALLENGE.matcher(challenge).matches()) {
            throw new ApiException(
                    ErrorType.INVALID_PKCE_CODE_CHALLENGE,
                    "pkce_code_challenge must be the base64url SHA-256 of a code verifier (43 characters).");
        }
        return challenge;
    }

    public static void check(String challenge, String verifier) {
        if (challenge == null) {
            if (verifier != null) {
                throw new ApiException(
                        ErrorType.PKCE_DID_NOT_EXPECT_CODE_VERIFIER,
                        "This link was sent without a pkce_code_challenge; do not pass pkce_code_verifier.");
            }
            return;
        }
        if (verifier == null) {
            throw new ApiException(
                    ErrorType.PKCE_EXPECTED_CODE_VERIFIER,
                    "This link was sent with a pkce_code_challenge; pass its pkce_code_verifier.");
        }
        // A verifier outside RFC 7636's alphabet or length is no verifier: a short one would be
        // guessable, and clients that send one have a bug worth seeing.
        if (!VERIFIER.matcher(verifier).matches()) {
            throw new ApiException(
                    ErrorType.PKCE_MISMATCH,
                    "pkce_code_verifier must be 43 to 128 characters of letters, digits, '-', '.', '_' and '~' (RFC 7636).");
        }
        String computed = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Tokens.sha256(verifier.getBytes(StandardCharsets.UTF_8)));
        if (!Tokens.constantTimeEquals(computed, challenge)) {
            throw new ApiException(ErrorType.PKCE_MISMATCH, "pkce_code_verifier does not match the challenge.");
        }
    }
}
