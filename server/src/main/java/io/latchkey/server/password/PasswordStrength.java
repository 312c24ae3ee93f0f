package io.latchkey.server.password;

import io.latchkey.api.password.LudsFeedback;
import io.latchkey.api.password.StrengthCheckResponse;
import io.latchkey.api.password.ZxcvbnFeedback;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The password policy: LUDS (length, upper, lower, digit, symbol). A password is valid with at
 * least {@value #MIN_LENGTH} characters and at least {@value #MIN_COMPLEXITY} of the four kinds,
 * and not containing the local part of the member's email. The score (0-4, zxcvbn's scale) counts
 * the kinds and length; breach detection is off (it needs a third-party service on the internet),
 * so {@code breached_password} and {@code breach_detection_on_create} are always false.
 */
final class PasswordStrength {
    static final int MIN_LENGTH = 8;
    static final int MIN_COMPLEXITY = 3;
    /** Longer input is refused before hashing: nobody types more, and hashing it is work for nothing. */
    static final int MAX_LENGTH = 256;

    private PasswordStrength() {}

    static StrengthCheckResponse check(String password, String email) {
        boolean lower = password.chars().anyMatch(Character::isLowerCase);
        boolean upper = password.chars().anyMatch(Character::isUpperCase);
        boolean digit = password.chars().anyMatch(Character::isDigit);
        boolean symbol = password.chars().anyMatch(c -> !Character.isLetterOrDigit(c));
        int kinds = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        int length = password.codePointCount(0, password.length());
        int missingComplexity = Math.max(0, MIN_COMPLEXITY - kinds);
        int missingCharacters = Math.max(0, MIN_LENGTH - length);
        boolean containsEmail = containsEmailName(password, email);
        boolean valid = missingComplexity == 0 && missingCharacters == 0 && !containsEmail;
        int score = valid
                ? Math.min(4, kinds - 1 + (length >= 12 ? 1 : 0) + (length >= 16 ? 1 : 0))
                : Math.min(1, kinds / 2);
        List<String> suggestions = new ArrayList<>();
        String warning = "";
        if (missingCharacters > 0) {
            suggestions.add("Use at least " + MIN_LENGTH + " characters.");
        }
        if (missingComplexity > 0) {
            suggestions.add("Mix at least " + MIN_COMPLEXITY + " of: lower case, upper case, digits and symbols.");
        }
        if (containsEmail) {
            warning = "The password contains the email address.";
            suggestions.add("Do not use your email address in the password.");
        }
        return new StrengthCheckResponse(
                null,
                valid,
                Math.max(0, score),
                false,
                "luds",
                false,
                200,
                new LudsFeedback(lower, upper, digit, symbol, missingComplexity, missingCharacters),
                new ZxcvbnFeedback(warning, suggestions));
    }

    /**
     * A password a member may set.
     *
     * @throws ApiException weak_password, password_too_long
     */
    static void requireStrong(String password, String email) {
        requireUsable(password);
        if (!check(password, email).validPassword()) {
            throw new ApiException(
                    ErrorType.WEAK_PASSWORD,
                    "The password is too weak: use at least " + MIN_LENGTH
                            + " characters with " + MIN_COMPLEXITY + " of lower case, upper case, digits and symbols"
                            + " (passwords.strength_check says what is missing).");
        }
    }

    /**
     * A password that can be checked or set: not too long, and valid Unicode. A lone UTF-16
     * surrogate (JSON allows one escaped on its own) has no UTF-8 form: hashed, it would turn into
     * "?", so two different passwords would have one hash.
     *
     * @throws ApiException password_too_long, invalid_argument
     */
    static void requireUsable(String password) {
        if (password.length() > MAX_LENGTH) {
            throw new ApiException(
                    ErrorType.PASSWORD_TOO_LONG, "A password has at most " + MAX_LENGTH + " characters.");
        }
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < password.length()
                    && Character.isLowSurrogate(password.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ApiException(
                        ErrorType.INVALID_ARGUMENT,
                        "The password holds a lone UTF-16 surrogate (e.g. \\ud800 without its pair): it is not valid Unicode.");
            }
        }
    }

    private static boolean containsEmailName(String password, String email) {
        if (email == null || !email.contains("@")) {
            return false;
        }
        String local = email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT);
        return local.length() >= 4 && password.toLowerCase(Locale.ROOT).contains(local);
    }
}
