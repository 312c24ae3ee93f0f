package io.latchkey.server.ratelimit;

/**
 * What an authenticate attempt tried, for the per-credential limit on failures: a token (by its
 * first {@value #PREFIX} characters: retries of one token count together, and no stored value
 * could be used as the token) or the member whose passcodes are being guessed. Build with the
 * factories; a null or blank value gives {@link #NONE} (only the client address is counted).
 */
public record Credential(String subject) {
    static final int PREFIX = 16;

    /** Nothing to count but the client address. */
    public static final Credential NONE = new Credential(null);

    public static Credential token(String token) {
        if (token == null || token.isBlank()) {
            return NONE;
        }
        String t = token.strip();
        return new Credential("token:" + t.substring(0, Math.min(PREFIX, t.length())));
    }

    /**
     * A session JWT by its signature: every JWT of a project starts with the same header. One
     * without a signature (alg none) has nothing of its own to count.
     */
    public static Credential sessionJwt(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            return NONE;
        }
        String t = jwt.strip();
        return token(t.substring(t.lastIndexOf('.') + 1));
    }

    /** The passcodes (SMS, TOTP, recovery codes) of one member of one organization. */
    public static Credential member(String organizationId, String memberId) {
        if (organizationId == null || memberId == null || organizationId.isBlank() || memberId.isBlank()) {
            return NONE;
        }
        return new Credential("member:" + organizationId.strip() + "/" + memberId.strip());
    }

    /** The email passcodes of one address in one organization. */
    /** An email before any organization is chosen (discovery): one credential across them all. */
    public static Credential discoveryEmail(String emailAddress) {
        if (emailAddress == null || emailAddress.isBlank()) {
            return NONE;
        }
        return new Credential("email:/" + emailAddress.strip().toLowerCase(java.util.Locale.ROOT));
    }

    public static Credential email(String organizationId, String emailAddress) {
        if (organizationId == null || emailAddress == null || organizationId.isBlank() || emailAddress.isBlank()) {
            return NONE;
        }
        return new Credential(
                "email:" + organizationId.strip() + "/" + emailAddress.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A member's passcodes (rather than a token): counted only when the attempt reached the code
     * check, so an attempt stopped earlier (an unknown intermediate session, no code to check)
     * costs the member nothing and counts against the client address alone.
     */
    boolean isPasscodes() {
        return subject != null && (subject.startsWith("member:") || subject.startsWith("email:"));
    }

    boolean isNone() {
        return subject == null;
    }
}
