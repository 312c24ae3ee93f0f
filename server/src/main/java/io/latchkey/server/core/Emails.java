package io.latchkey.server.core;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Email address checks shared by every feature that takes one. Deliberately conservative: a
 * dot-atom local part and a valid domain name, at most 254 characters; anything else is
 * refused rather than guessed at.
 */
public final class Emails {
    private static final Pattern LOCAL_PART =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;

    private Emails() {}

    /**
     * The address as stored: trimmed, with the domain in lower case. The local part keeps its case
     * (mailboxes may be case-sensitive) but comparisons use {@link #key}.
     *
     * @throws ApiException invalid_email when the address is malformed
     */
    public static String normalize(String email) {
        if (email == null || email.isBlank()) {
            throw new ApiException(ErrorType.INVALID_EMAIL, "email_address is required.");
        }
        String trimmed = email.strip();
        int at = trimmed.lastIndexOf('@');
        if (trimmed.length() > MAX_LENGTH || at <= 0 || at == trimmed.length() - 1) {
            throw invalid();
        }
        String local = trimmed.substring(0, at);
        String domain = trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.length() > MAX_LOCAL_LENGTH || !LOCAL_PART.matcher(local).matches() || !Domains.isValid(domain)) {
            throw invalid();
        }
        return local + "@" + domain;
    }

    /** Case-insensitive identity of an address: two members of one org may not share a key. */
    public static String key(String normalizedEmail) {
        return normalizedEmail.toLowerCase(Locale.ROOT);
    }

    /** The domain part of a normalized address. */
    public static String domainOf(String normalizedEmail) {
        return normalizedEmail.substring(normalizedEmail.lastIndexOf('@') + 1);
    }

    private static ApiException invalid() {
        return new ApiException(ErrorType.INVALID_EMAIL, "email_address is not a valid email address.");
    }
}
