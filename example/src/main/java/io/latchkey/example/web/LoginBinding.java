package io.latchkey.example.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Binds emailed sign-in links to the browser that asked for them, with PKCE (RFC 7636, S256).
 *
 * <p>Without it, anyone could ask for a link to their own account and get someone else to open
 * it: that person would be signed in as the attacker and might then type their own data into
 * the attacker's account (login CSRF). So every link this app asks Latchkey for carries the
 * challenge of a verifier kept in this browser's {@code example_login} cookie, and the landing
 * routes hand Latchkey the verifier from the cookie: a link opened in another browser has none
 * (or another), and Latchkey refuses it, leaving it unspent.
 *
 * <p>One verifier per browser, reused while its cookie lives, so that several links asked for in
 * one browser all work there. HttpOnly and SameSite=Lax like the session cookies (Lax cookies
 * are sent on the top-level navigation an emailed link makes); Max-Age as long as Latchkey's
 * links live by default.
 */
public final class LoginBinding {
    public static final String COOKIE = "example_login";
    static final int MAX_AGE_SECONDS = 60 * 60;
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private LoginBinding() {}

    /** The challenge to send with a link request; keeps (or starts) this browser's verifier. */
    public static String challenge(Context ctx) {
        String verifier = verifier(ctx);
        if (verifier == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        SessionCookies.add(ctx, COOKIE, verifier, MAX_AGE_SECONDS);
        return challengeOf(verifier);
    }

    /** This browser's verifier, or null when it never asked for a link (or the cookie is junk). */
    public static String verifier(Context ctx) {
        String v = ctx.cookie(COOKIE);
        return v != null && VERIFIER.matcher(v).matches() ? v : null;
    }

    static String challengeOf(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
